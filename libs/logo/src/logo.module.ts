import { Module } from '@nestjs/common';
import { QrController } from './api/qr.controller.js';
import { LogoRenderer } from './application/logo-renderer.js';

/** The ESC logo: QR code and logo panel, as a library and as HTTP endpoints. */
@Module({
  controllers: [QrController],
  providers: [LogoRenderer],
  exports: [LogoRenderer],
})
export class LogoModule {}

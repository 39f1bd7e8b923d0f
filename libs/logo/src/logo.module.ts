import { Module } from '@nestjs/common';
import { LogoImageController } from './api/logo-image.controller.js';
import { QrController } from './api/qr.controller.js';
import { LogoFiles } from './application/logo-files.js';
import { LogoRateLimiter } from './application/logo-rate-limiter.js';
import { LogoRenderer } from './application/logo-renderer.js';

/** The ESC logo: QR code and logo panel, as a library and as HTTP endpoints. */
@Module({
  controllers: [QrController, LogoImageController],
  providers: [LogoRenderer, LogoFiles, LogoRateLimiter],
  exports: [LogoRenderer],
})
export class LogoModule {}

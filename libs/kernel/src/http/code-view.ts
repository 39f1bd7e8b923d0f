import { ApiPropertyOptional } from '@nestjs/swagger';

/** The real router's envelope for enumerated values in responses. Requests send the bare key. */
export class CodeView {
  @ApiPropertyOptional({ type: String, example: 'KEY' })
  key: string | null;

  @ApiPropertyOptional({ type: String, example: 'Label' })
  label: string | null;

  static of(key: string | null, label: string | null): CodeView {
    const view = new CodeView();
    view.key = key;
    view.label = label;

    return view;
  }
}

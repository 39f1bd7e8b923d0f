import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verification stores no display name while an issuer does not publish them. When the issuer opts in,
 * display_names_after marks that the cards projected before still need their names, and where the
 * backfill has got to: NULL when nothing is pending, '' before the first card, otherwise the last ESCN done.
 */
export class BackfillDisplayNames1796600003000 implements MigrationInterface {
  name = 'BackfillDisplayNames1796600003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE verification.issuer ADD COLUMN display_names_after text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE verification.issuer DROP COLUMN display_names_after');
  }
}

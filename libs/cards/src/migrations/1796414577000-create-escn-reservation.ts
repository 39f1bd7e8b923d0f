import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ESCNs handed out by GET /cards/generate-escn. The primary key on escn is what guarantees that no two
 * calls, on any router instance, return the same number.
 */
export class CreateEscnReservation1796414577000 implements MigrationInterface {
  name = 'CreateEscnReservation1796414577000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cards.escn_reservation (
        escn char(36) CONSTRAINT pk_escn_reservation PRIMARY KEY,
        pic char(9) NOT NULL CONSTRAINT ck_escn_reservation_pic CHECK (pic ~ '^[0-9]{9}$'),
        reserved_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT ck_escn_reservation_node CHECK (right(escn, 9) = pic)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE cards.escn_reservation');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fields of the deprecated API V1 that API V2 has no place for: a student's card expiry date and phone
 * number per organisation, and a card's alternative id (cardUid).
 */
export class CreateV1StudentData1796414900000 implements MigrationInterface {
  name = 'CreateV1StudentData1796414900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cards.v1_student (
        person_id uuid NOT NULL CONSTRAINT fk_v1_student_person REFERENCES cards.person (id) ON DELETE CASCADE,
        organisation_id integer NOT NULL,
        expiry_date date NOT NULL,
        phone_number text CONSTRAINT ck_v1_student_phone_length CHECK (char_length(phone_number) <= 255),
        CONSTRAINT pk_v1_student PRIMARY KEY (person_id, organisation_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE cards.v1_card (
        escn char(36) CONSTRAINT pk_v1_card PRIMARY KEY,
        card_uid text NOT NULL CONSTRAINT ck_v1_card_uid_length CHECK (char_length(card_uid) <= 255)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE cards.v1_card');
    await queryRunner.query('DROP TABLE cards.v1_student');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

const TERMS_V1 = `# Terms and Conditions of the European Student Card Router, version 1

Placeholder text. The organisation {{organisation.name}} agrees to use the router only to register
and manage European Student Cards of its own students, to keep its data accurate, and to protect
its API tokens.`;

const PRIVACY_V1 = `# Privacy Statement of the European Student Card Router, version 1

Placeholder text. The router stores only the data that card verification and card management need:
the European Student Identifier, the name and e-mail address given per institution, the academic
level, and the card data. Public verification shows no personal data.`;

const JCA_V1 = `# Joint Controllership Arrangement, version 1

Placeholder text. This arrangement is made between the operator of the European Student Card Router
and {{organisation.name}} (PIC {{organisation.identifier}}, {{organisation.country}}), address:
{{organisation.address}}.

## Processors acting for the organisation

{{processors}}`;

export class CreateOrganisationsSchema1764806402000 implements MigrationInterface {
  name = 'CreateOrganisationsSchema1764806402000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SCHEMA IF NOT EXISTS organisations');
    await queryRunner.query(`
      CREATE TABLE organisations.organisation (
        id integer GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_organisation PRIMARY KEY,
        type text NOT NULL CONSTRAINT ck_organisation_type CHECK (type IN ('HEI', 'PUBLIC_AUTHORITY', 'PROCESSOR')),
        identifier text NOT NULL,
        name text NOT NULL,
        country char(2) NOT NULL,
        eche_holder boolean NOT NULL DEFAULT false,
        status text NOT NULL CONSTRAINT ck_organisation_status
          CHECK (status IN ('PENDING_VETTING', 'LEGAL_PENDING', 'ACTIVE', 'DISCONTINUED')),
        schac_home_organization text,
        website text,
        address jsonb,
        new_logo_at date,
        publish_display_name boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        vetted_at timestamptz,
        discontinued_at timestamptz,
        CONSTRAINT uq_organisation_identifier UNIQUE (identifier)
      )`);
    await queryRunner.query(`
      CREATE TABLE organisations.legal_document_version (
        id integer GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_legal_document_version PRIMARY KEY,
        document_type text NOT NULL CONSTRAINT ck_legal_document_version_type
          CHECK (document_type IN ('TERMS_AND_CONDITIONS', 'PRIVACY_STATEMENT', 'JOINT_CONTROLLERSHIP_ARRANGEMENT')),
        version integer NOT NULL,
        body text NOT NULL,
        published_at timestamptz NOT NULL,
        acceptance_deadline timestamptz NOT NULL,
        CONSTRAINT uq_legal_document_version UNIQUE (document_type, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE organisations.legal_acceptance (
        id integer GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_legal_acceptance PRIMARY KEY,
        organisation_id integer NOT NULL CONSTRAINT fk_legal_acceptance_organisation REFERENCES organisations.organisation (id),
        document_version_id integer NOT NULL
          CONSTRAINT fk_legal_acceptance_version REFERENCES organisations.legal_document_version (id),
        user_id uuid NOT NULL,
        text_sha256 char(64) NOT NULL,
        accepted_at timestamptz NOT NULL DEFAULT now(),
        client_address text NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX ix_legal_acceptance_organisation ON organisations.legal_acceptance (organisation_id, document_version_id)',
    );
    await queryRunner.query(
      `INSERT INTO organisations.legal_document_version (document_type, version, body, published_at, acceptance_deadline)
       VALUES ('TERMS_AND_CONDITIONS', 1, $1, '2024-10-01T00:00:00Z', '2025-01-23T23:59:59Z'),
              ('PRIVACY_STATEMENT', 1, $2, '2024-10-01T00:00:00Z', '2025-01-23T23:59:59Z'),
              ('JOINT_CONTROLLERSHIP_ARRANGEMENT', 1, $3, '2024-10-01T00:00:00Z', '2025-01-23T23:59:59Z')`,
      [TERMS_V1, PRIVACY_V1, JCA_V1],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE organisations.legal_acceptance');
    await queryRunner.query('DROP TABLE organisations.legal_document_version');
    await queryRunner.query('DROP TABLE organisations.organisation');
    await queryRunner.query('DROP SCHEMA organisations');
  }
}

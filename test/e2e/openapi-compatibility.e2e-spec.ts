import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../support/test-app';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: SchemaObject }> };
  responses: Record<string, { content?: Record<string, { schema: SchemaObject }> }>;
}

interface SchemaObject {
  type?: string;
  $ref?: string;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  items?: SchemaObject;
  enum?: unknown[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** The reference document's `servers` entry, which our paths carry themselves. */
const PREFIX = '/esc-rest';

/**
 * Operations of the reference document that the router does not offer, with the reason. The real router
 * withdrew the verifiable-credential issuance from its newest V2 document.
 */
const EXCLUDED_OPERATIONS = new Map([['post /api/v2/cards/issue/{escn}/{kid}', 'withdrawn from the real router']]);
/** Schemas used only by excluded operations. */
const EXCLUDED_SCHEMAS = new Set(['IssueResponseView']);

/**
 * Operations of the real router's newest V2 document that the stored copy predates, as its clients call
 * them: `GET /cards/csv-config` and `POST /cards/validate-csv?operation=…` with the CSV in the part `file`.
 */
const NEWEST_OPERATIONS: { path: string; method: string; parameters: { name: string; in: string }[]; multipartFile: boolean }[] = [
  { path: '/api/v2/cards/csv-config', method: 'get', parameters: [], multipartFile: false },
  { path: '/api/v2/cards/validate-csv', method: 'post', parameters: [{ name: 'operation', in: 'query' }], multipartFile: true },
];

const reference = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'esc-router-api-v2.openapi.json'), 'utf8'),
) as OpenApiDocument;

/** A comparable description of a schema's type: a referenced schema name, an array of one, or a JSON type. */
function typeOf(schema: SchemaObject | undefined): string {
  if (!schema) return 'none';
  if (schema.$ref) return `ref ${schema.$ref.split('/').pop()}`;

  const single = schema.allOf ?? schema.oneOf;
  if (single && single.length === 1) return typeOf(single[0]);
  if (schema.type === 'array') return `array of ${typeOf(schema.items)}`;

  return schema.type ?? 'any';
}

function referenceOperations(): { key: string; path: string; method: string; operation: Operation }[] {
  return Object.entries(reference.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ key: `${method} ${path}`, path, method, operation })),
  );
}

describe('OpenAPI compatibility with the real router API V2', () => {
  let testApp: TestApp;
  let ours: OpenApiDocument;

  beforeAll(async () => {
    testApp = await startTestApp();
    ours = (await testApp.http.get('/esc-rest/v3/api-docs').expect(200)).body as OpenApiDocument;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('lists every exclusion against a reference operation', () => {
    const keys = referenceOperations().map((operation) => operation.key);
    for (const excluded of EXCLUDED_OPERATIONS.keys()) expect(keys).toContain(excluded);
  });

  const operations = referenceOperations().filter(({ key }) => !EXCLUDED_OPERATIONS.has(key));

  describe.each(operations.map((operation) => [operation.key, operation] as const))('%s', (_key, { path, method, operation }) => {
    function ourOperation(): Operation | undefined {
      return ours.paths[`${PREFIX}${path}`]?.[method];
    }

    it('exists', () => {
      expect(ourOperation()).toBeDefined();
    });

    it('declares the same parameters', () => {
      const declared = (ourOperation()?.parameters ?? []).map((parameter) => ({
        name: parameter.name,
        in: parameter.in,
        required: parameter.required === true,
      }));
      for (const parameter of operation.parameters ?? []) {
        expect(declared).toContainEqual({ name: parameter.name, in: parameter.in, required: parameter.required === true });
      }
    });

    it('accepts the same request body', () => {
      for (const [mediaType, content] of Object.entries(operation.requestBody?.content ?? {})) {
        const ourContent = ourOperation()?.requestBody?.content[mediaType];
        expect({ mediaType, schema: typeOf(ourContent?.schema) }).toEqual({ mediaType, schema: typeOf(content.schema) });
        for (const [name, property] of Object.entries(content.schema.properties ?? {})) {
          expect({ name, type: typeOf(ourContent?.schema.properties?.[name]) }).toEqual({ name, type: typeOf(property) });
        }
      }
    });

    it('answers with the same success schema', () => {
      const [status, response] = Object.entries(operation.responses).find(([code]) => code.startsWith('2')) ?? [];
      if (!status || !response) return;

      const schema = Object.values(response.content ?? {})[0]?.schema;
      const ourResponse = ourOperation()?.responses[status];
      expect({ status, present: ourResponse !== undefined }).toEqual({ status, present: true });
      if (schema?.$ref) {
        const ourSchema = Object.values(ourResponse?.content ?? {})[0]?.schema;
        expect({ status, schema: typeOf(ourSchema) }).toEqual({ status, schema: typeOf(schema) });
      }
    });
  });

  describe.each(NEWEST_OPERATIONS.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    '%s (newest reference document)',
    (_key, { path, method, parameters, multipartFile }) => {
      it('exists with its parameters and body', () => {
        const operation = ours.paths[`${PREFIX}${path}`]?.[method];
        expect(operation).toBeDefined();

        const declared = (operation?.parameters ?? []).map((parameter) => ({ name: parameter.name, in: parameter.in }));
        for (const parameter of parameters) expect(declared).toContainEqual(parameter);
        if (multipartFile) {
          const schema = operation?.requestBody?.content['multipart/form-data']?.schema;
          expect(schema?.properties?.file).toMatchObject({ type: 'string', format: 'binary' });
        }
      });
    },
  );

  const schemas = Object.entries(reference.components.schemas).filter(([name]) => !EXCLUDED_SCHEMAS.has(name));

  describe.each(schemas.map(([name, schema]) => [name, schema] as const))('schema %s', (name, schema) => {
    it('has every property with the same type, required flag and enum', () => {
      const ourSchema = ours.components.schemas[name];
      expect({ name, present: ourSchema !== undefined }).toEqual({ name, present: true });

      for (const [property, definition] of Object.entries(schema.properties ?? {})) {
        const ourProperty = ourSchema?.properties?.[property];
        expect({ property, type: typeOf(ourProperty) }).toEqual({ property, type: typeOf(definition) });
        expect({ property, required: ourSchema?.required?.includes(property) ?? false }).toEqual({
          property,
          required: schema.required?.includes(property) ?? false,
        });
        expect({ property, enum: ourProperty?.enum ?? ourProperty?.items?.enum }).toEqual({
          property,
          enum: definition.enum ?? definition.items?.enum,
        });
      }
    });
  });
});

// `kubectl explain` from the served OpenAPI v3 (spec §2.3): built-in fields, a CRD's structural
// schema with its descriptions, and the index's per-group-version hash, which must change when a
// document changes because kubectl caches the documents by URL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, expectCode, expectLine, expectNoLine, setup, type Env } from './helpers.js';

const GROUP_KEY = 'apis/example.com/v1';

function gadgetCrd(extraField = ''): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    kind: Gadget
    plural: gadgets
    singular: gadget
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: A Gadget is a small device made for tests.
        properties:
          spec:
            type: object
            description: GadgetSpec is the desired state of a Gadget.
            required: [size]
            properties:
              size:
                type: integer
                description: Size of the gadget in centimetres.
                minimum: 1
              color:
                type: string
                description: Colour of the gadget.
                enum: [red, green, blue]
              parts:
                type: array
                description: Parts the gadget is made of.
                items:
                  type: object
                  properties:
                    name:
                      type: string
                      description: Name of the part.${extraField}
          status:
            type: object
            properties:
              ready:
                type: boolean
`;
}

const WEIGHT = `
              weight:
                type: string
                description: Weight of the gadget, with its unit.`;

const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Cluster
  names:
    kind: Widget
    plural: widgets
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: WidgetSpec describes a widget.
`;

/** serverRelativeURL per group version of GET /openapi/v3 */
async function openApiIndex(env: Env): Promise<Record<string, string>> {
  const r = await api(env.tc, 'GET', '/openapi/v3');
  assert.equal(r.status, 200, r.text);
  const paths = (r.json as { paths?: Record<string, { serverRelativeURL?: string }> }).paths ?? {};
  return Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, v.serverRelativeURL ?? '']));
}

function hashOf(url: string | undefined): string | undefined {
  return url ? new URL(url, 'https://x').searchParams.get('hash') ?? undefined : undefined;
}

/** An explain FIELDS entry: two-space indent, name, a tab, then `<type>` and maybe ` -required-`. */
const field = (name: string, type: string, required = false) =>
  `  ${name}\t<${type}>${required ? ' -required-' : ''}`;

describe('kubectl explain and the OpenAPI v3 index', { timeout: 120_000 }, () => {
  let env: Env;
  before(async () => {
    env = await setup({ simulate: false });
    env.write('gadget.yaml', gadgetCrd());
    env.write('gadget2.yaml', gadgetCrd(WEIGHT));
    env.write('widget.yaml', WIDGET_CRD);
  });
  after(async () => { await env?.close(); });

  it('explain pod.spec.containers shows the list type, its description and the Container fields', async () => {
    const r = await env.kubectl('explain', 'pod.spec.containers');
    expectCode(r, 0);
    expectLine(r.stdout, /^KIND:\s+Pod$/);
    expectLine(r.stdout, /^VERSION:\s+v1$/);
    expectLine(r.stdout, 'FIELD: containers <[]Container>');
    expectLine(r.stdout, /^ {4}List of containers belonging to the pod\. /);
    expectLine(r.stdout, 'FIELDS:');
    expectLine(r.stdout, field('name', 'string', true));
    expectLine(r.stdout, field('image', 'string'));
    expectLine(r.stdout, field('ports', '[]ContainerPort'));
    expectLine(r.stdout, field('resources', 'ResourceRequirements'));
  });

  it('explain service.spec.ports shows the ServicePort fields', async () => {
    const r = await env.kubectl('explain', 'service.spec.ports');
    expectCode(r, 0);
    expectLine(r.stdout, /^KIND:\s+Service$/);
    expectLine(r.stdout, 'FIELD: ports <[]ServicePort>');
    expectLine(r.stdout, /^ {4}ServicePort contains information on service's port\.$/);
    expectLine(r.stdout, field('port', 'integer', true));
    expectLine(r.stdout, field('nodePort', 'integer'));
    expectLine(r.stdout, field('protocol', 'string'));
    expectLine(r.stdout, field('targetPort', 'IntOrString'));
    expectLine(r.stdout, /^ {4}The port that will be exposed by this service\.$/);
  });

  it('explain cronjob.spec.jobTemplate shows the nested template and goes deeper', async () => {
    const r = await env.kubectl('explain', 'cronjob.spec.jobTemplate');
    expectCode(r, 0);
    expectLine(r.stdout, /^GROUP:\s+batch$/);
    expectLine(r.stdout, /^KIND:\s+CronJob$/);
    expectLine(r.stdout, /^VERSION:\s+v1$/);
    expectLine(r.stdout, 'FIELD: jobTemplate <JobTemplateSpec>');
    expectLine(r.stdout, /^ {4}JobTemplateSpec describes the data a Job should have when created from a$/);
    expectLine(r.stdout, field('metadata', 'ObjectMeta'));
    expectLine(r.stdout, field('spec', 'JobSpec'));
    const deep = await env.kubectl('explain', 'cronjob.spec.jobTemplate.spec.template.spec.containers.image');
    expectCode(deep, 0);
    expectLine(deep.stdout, 'FIELD: image <string>');
    const rec = await env.kubectl('explain', 'cronjob.spec.jobTemplate.spec', '--recursive');
    expectCode(rec, 0);
    expectLine(rec.stdout, /^ {2}backoffLimit\t<integer>$/);
    expectLine(rec.stdout, /^ {4}spec\t<PodSpec>$/, 'template.spec one level down');
  });

  it('explain of a field that does not exist fails', async () => {
    const r = await env.kubectl('explain', 'pod.spec.bogus');
    expectCode(r, 1);
    expectLine(r.stderr, 'error: field "bogus" does not exist');
  });

  it('a CRD enters the index with its own hash; the other documents keep theirs', async () => {
    const before = await openApiIndex(env);
    assert.equal(before[GROUP_KEY], undefined, 'example.com/v1 is listed before its CRD exists');
    assert.match(before['api/v1'] ?? '', /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    const nope = await env.kubectl('explain', 'gadgets');
    expectCode(nope, 1);
    // explain prints this mapping error without kubectl's usual "error: " prefix.
    expectLine(nope.stderr, 'the server doesn\'t have a resource type "gadgets"');

    expectCode(await env.kubectl('apply', '-f', 'gadget.yaml'), 0);
    const afterAdd = await openApiIndex(env);
    assert.match(afterAdd[GROUP_KEY] ?? '', /^\/openapi\/v3\/apis\/example\.com\/v1\?hash=[0-9A-F]+$/, JSON.stringify(afterAdd));
    for (const key of Object.keys(before)) assert.equal(afterAdd[key], before[key], `${key} changed when an unrelated CRD was added`);
    const doc = await api(env.tc, 'GET', afterAdd[GROUP_KEY]!);
    assert.equal(doc.status, 200);
    const paths = Object.keys((doc.json as { paths?: Record<string, unknown> }).paths ?? {});
    assert.ok(paths.includes('/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}'), paths.join('\n'));
  });

  it('explain shows a CRD\'s structural schema: fields, types, required, enum and descriptions', async () => {
    const top = await env.kubectl('explain', 'gadgets');
    expectCode(top, 0);
    expectLine(top.stdout, /^GROUP:\s+example\.com$/);
    expectLine(top.stdout, /^KIND:\s+Gadget$/);
    expectLine(top.stdout, /^VERSION:\s+v1$/);
    expectLine(top.stdout, '    A Gadget is a small device made for tests.');
    expectLine(top.stdout, field('spec', 'Object'));
    expectLine(top.stdout, '    GadgetSpec is the desired state of a Gadget.');
    expectLine(top.stdout, field('metadata', 'ObjectMeta'));

    const spec = await env.kubectl('explain', 'gadget.spec');
    expectCode(spec, 0);
    expectLine(spec.stdout, 'FIELD: spec <Object>');
    expectLine(spec.stdout, field('size', 'integer', true));
    expectLine(spec.stdout, '    Size of the gadget in centimetres.');
    expectLine(spec.stdout, field('color', 'string'));
    expectLine(spec.stdout, '  enum: red, green, blue');
    expectLine(spec.stdout, '    Colour of the gadget.');
    expectLine(spec.stdout, field('parts', '[]Object'));

    const part = await env.kubectl('explain', 'gadgets.spec.parts.name');
    expectCode(part, 0);
    expectLine(part.stdout, 'FIELD: name <string>');
    expectLine(part.stdout, '    Name of the part.');
  });

  it('changing the CRD schema changes its hash, and kubectl (same cache) explains the new field', async () => {
    const before = await openApiIndex(env);
    expectNoLine((await env.kubectl('explain', 'gadget.spec')).stdout, /^ {2}weight\t/);
    expectCode(await env.kubectl('apply', '-f', 'gadget2.yaml'), 0);
    const afterUpdate = await openApiIndex(env);
    assert.notEqual(hashOf(afterUpdate[GROUP_KEY]), hashOf(before[GROUP_KEY]), 'the hash did not change with the schema');
    assert.equal(afterUpdate['apis/apps/v1'], before['apis/apps/v1']);
    const spec = await env.kubectl('explain', 'gadget.spec');
    expectCode(spec, 0);
    expectLine(spec.stdout, field('weight', 'string'));
    expectLine(spec.stdout, '    Weight of the gadget, with its unit.');

    // A second CRD in the same group version changes that document (and its hash) again.
    expectCode(await env.kubectl('apply', '-f', 'widget.yaml'), 0);
    const afterWidget = await openApiIndex(env);
    assert.notEqual(hashOf(afterWidget[GROUP_KEY]), hashOf(afterUpdate[GROUP_KEY]));
    const w = await env.kubectl('explain', 'widgets.spec');
    expectCode(w, 0);
    expectLine(w.stdout, /^KIND:\s+Widget$/);
    expectLine(w.stdout, '    WidgetSpec describes a widget.');

    // Deleting the CRDs takes the group version out of the index.
    expectCode(await env.kubectl('delete', '-f', 'widget.yaml', '-f', 'gadget2.yaml'), 0);
    const afterDelete = await openApiIndex(env);
    assert.equal(afterDelete[GROUP_KEY], undefined, JSON.stringify(afterDelete));
  });
});

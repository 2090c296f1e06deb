/**
 * GET /api: the JSON API as a page people can read, drawn on the server from the OpenAPI document
 * (src/web/openapi.ts), so the page and /api/openapi.json cannot disagree. Plain HTML under the
 * same strict CSP as every page: no script, no stylesheet or font from another host.
 */
import { riskPhrases } from '../chart/catalogue';
import { webWords, type WebWords } from './catalogue';
import { html, type SafeHtml } from './html';
import { layout } from './pages';
import { exampleTime } from './trip-params';

/** The parts of a JSON Schema the document uses. */
interface Schema {
  type?: string;
  enum?: readonly string[];
  oneOf?: readonly Schema[];
  $ref?: string;
  items?: Schema;
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  description?: string;
  examples?: readonly unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  example?: unknown;
  description?: string;
}

interface Operation {
  summary?: string;
  description?: string;
  parameters?: readonly Parameter[];
  requestBody?: { required?: boolean; content?: Readonly<Record<string, { schema?: Schema }>> };
  responses?: Readonly<Record<string, { description?: string; content?: Readonly<Record<string, { schema?: Schema }>> }>>;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  components?: { schemas?: Readonly<Record<string, Schema>> };
}

function anchor(method: string, path: string): string {
  return `${method}-${path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`;
}

/** A schema's type in a few words, with shapes linked to their section. */
function typeOf(schema: Schema | undefined, words: WebWords): SafeHtml {
  if (!schema) return html``;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? schema.$ref;
    return html`<a href="#schema-${name}">${name}</a>`;
  }
  if (schema.enum) return html`${schema.enum.map((v, i) => html`${i > 0 ? ' | ' : ''}<code>${JSON.stringify(v)}</code>`)}`;
  if (schema.oneOf) return html`${words.apiPage.oneOf} ${schema.oneOf.map((s, i) => html`${i > 0 ? ', ' : ''}${typeOf(s, words)}`)}`;
  if (schema.type === 'array' && schema.items) {
    const bounds = schema.minItems !== undefined || schema.maxItems !== undefined ? ` (${schema.minItems ?? 0}–${schema.maxItems ?? '…'})` : '';
    return html`${words.apiPage.listOf} ${typeOf(schema.items, words)}${bounds}`;
  }
  const range = schema.minimum !== undefined && schema.maximum !== undefined ? ` ${schema.minimum}–${schema.maximum}` : '';
  return html`${schema.type ?? ''}${range}`;
}

/** A query string for an href, keeping ':' readable (2031-05-08T08:00). */
function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%3A/gi, ':')}`)
    .join('&');
}

function table(head: readonly string[], rows: readonly SafeHtml[][]): SafeHtml {
  // data-label: on a phone each row becomes a small block, each cell labelled by its column.
  return html`<div class="table-wrap"><table><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((c, i) => html`<td data-label="${head[i] ?? ''}">${c}</td>`)}</tr>`)}</tbody></table></div>`;
}

function operationSection(path: string, method: string, op: Operation, example: Record<string, string>, words: WebWords): SafeHtml {
  const w = words.apiPage;
  const params = op.parameters ?? [];
  const paramTable =
    params.length > 0
      ? html`<h4>${w.parameters}</h4>${table(
          [w.name, w.where, w.type, w.required, w.example],
          params.map((p) => [
            html`<code>${p.name}</code>${p.description ? html`<br><span class="hint">${p.description}</span>` : html``}`,
            html`${p.in}`,
            typeOf(p.schema, words),
            html`${p.required ? w.yes : w.no}`,
            html`${p.required && example[p.name] !== undefined ? html`<code>${example[p.name]}</code>` : html``}`,
          ]),
        )}`
      : html``;
  const body = op.requestBody?.content
    ? html`<h4>${w.requestBody}</h4><ul>${Object.entries(op.requestBody.content).map(([type, c]) => html`<li><code>${type}</code>: ${typeOf(c.schema, words)}</li>`)}</ul>`
    : html``;
  const responses = op.responses
    ? html`<h4>${w.responses}</h4>${table(
        ['', w.description, w.type],
        Object.entries(op.responses).map(([status, r]) => [
          html`<code>${status}</code>`,
          html`${r.description ?? ''}`,
          html`${Object.entries(r.content ?? {}).map(([type, c], i) => html`${i > 0 ? html`<br>` : html``}<code>${type}</code>${c.schema ? html` ${typeOf(c.schema, words)}` : html``}`)}`,
        ]),
      )}`
    : html``;
  // A link to try a GET with every required parameter filled in from the example trip.
  const required = params.filter((p) => p.required);
  const href = `${path}${required.length > 0 ? `?${query(Object.fromEntries(required.map((p) => [p.name, example[p.name] ?? ''])))}` : ''}`;
  const post = JSON.stringify({ route: Number(example.route), direction: example.direction, time: example.time });
  const tryIt =
    method === 'get' && required.every((p) => example[p.name] !== undefined)
      ? html`<p class="try">${w.tryIt}: <a href="${href}"><code>${href}</code></a></p>`
      : method === 'post'
        ? html`<pre><code>curl -X POST -H 'content-type: application/json' \\
     -d '${post}' \\
     ${w.thisServer}${path}</code></pre>`
        : html``;
  return html`<section class="endpoint" id="${anchor(method, path)}">
<h3><span class="method">${method.toUpperCase()}</span> <code>${path}</code></h3>
${op.summary ? html`<p>${op.summary}</p>` : html``}
${op.description ? html`<p>${op.description}</p>` : html``}
${paramTable}${body}${responses}${tryIt}
</section>`;
}

function schemaSection(name: string, schema: Schema, words: WebWords): SafeHtml {
  const w = words.apiPage;
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  return html`<section class="schema" id="schema-${name}">
<h3>${name}</h3>
${schema.description ? html`<p>${schema.description}</p>` : html``}
${table(
  [w.field, w.type, w.required, w.description],
  props.map(([field, s]) => [
    html`<code>${field}</code>`,
    typeOf(s, words),
    html`${required.has(field) ? w.yes : w.no}`,
    html`${s.description ?? ''}${s.examples ? html` <span class="hint">(${w.example}: ${s.examples.map((e, i) => html`${i > 0 ? ', ' : ''}<code>${JSON.stringify(e)}</code>`)})</span>` : html``}`,
  ]),
)}
</section>`;
}

export interface ApiPageInput {
  document: OpenApiDocument;
  /** The running model's `delayed` threshold for calendar-only predictions. */
  threshold: number;
  /** …and for predictions that read recent incidents, when the model has its own cut for them. */
  recentThreshold?: number;
  /** The clock the examples are built from (a trip tomorrow at 8:00). */
  now: Date;
}

export function renderApiPage(input: ApiPageInput, words: WebWords = webWords()): string {
  const { document: doc } = input;
  const w = words.apiPage;
  const example = { route: '504', direction: 'e', time: exampleTime(input.now) };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const schemas = Object.entries(doc.components?.schemas ?? {});
  const body = html`
<h1>${doc.info.title}</h1>
<p class="lede">${doc.info.description ?? ''}</p>
<p>${w.intro((text) => html`<a href="/api/openapi.json"><code>${text}</code></a>`)}</p>
<p id="delayed">${w.delayed(
  riskPhrases(words.locale).percent(input.threshold),
  input.recentThreshold !== undefined && input.recentThreshold !== input.threshold ? riskPhrases(words.locale).percent(input.recentThreshold) : undefined,
)}</p>
<nav class="toc" aria-label="${w.contents}"><h2>${w.contents}</h2><ul>
${operations.map(({ path, method, op }) => html`<li><a href="#${anchor(method, path)}"><span class="method">${method.toUpperCase()}</span> <code>${path}</code></a>${op.summary ? html` – ${op.summary}` : html``}</li>`)}
${schemas.map(([name]) => html`<li><a href="#schema-${name}">${name}</a></li>`)}
</ul></nav>
<h2>${w.endpoints}</h2>
${operations.map(({ path, method, op }) => operationSection(path, method, op, example, words))}
<h2>${w.schemas}</h2>
${schemas.map(([name, schema]) => schemaSection(name, schema, words))}
`;
  return layout({ title: words.site.title(w.title), bodyClass: 'api-page' }, body, words);
}

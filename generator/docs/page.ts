/**
 * `cloudfn docs`: one self-contained HTML page (no CDN, no network, works from file://) to read the
 * contracts by: a searchable sidebar of functions; for each, its description, path, timeout and
 * idempotency, input and output as nested tables (type, required, constraints, description; shared
 * types linked), errors, examples, and call snippets in cURL, PHP and TypeScript using the
 * generated clients. Everything from a contract is HTML-escaped; pure and deterministic.
 */
import type { Ir, IrDefinition, IrFunction, JsonSchema } from '../ir.js';
import { callerMethodName } from '../util/naming.js';
import { showControls } from '../util/control-chars.js';
import { phpNames } from '../targets/php-client/emit.js';
import { phpValue } from '../targets/php/literal.js';

export interface DocsOptions {
  title: string;
  /** Project-relative folder of the generated TypeScript client, for the import in snippets. */
  outDir: string;
  /** The PHP client's namespace. */
  phpNamespace: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  // Control characters are not allowed in HTML text: shown, not written raw.
  return showControls(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
}
const code = (t: string): string => `<code>${esc(t)}</code>`;
const anchor = (kind: 'fn' | 'def', name: string): string => `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
const refName = (s: unknown): string | undefined => (isObj(s) && typeof s['$ref'] === 'string' ? /^#\/\$defs\/(.+)$/.exec(s['$ref'])?.[1] : undefined);

/** A short type label; shared types as links. */
function typeLabel(s: unknown): string {
  if (s === true || s === undefined) return 'any';
  if (s === false) return 'never';
  if (!isObj(s)) return 'any';
  const r = refName(s);
  if (r) return `<a href="#${anchor('def', r)}">${esc(r)}</a>`;
  if ('const' in s) return code(JSON.stringify(s['const']));
  if (Array.isArray(s['enum'])) return s['enum'].map((v) => code(JSON.stringify(v))).join(' | ');
  for (const k of ['oneOf', 'anyOf'] as const) if (Array.isArray(s[k])) return (s[k] as unknown[]).map(typeLabel).join(' | ');
  if (Array.isArray(s['allOf'])) return (s['allOf'] as unknown[]).map(typeLabel).join(' &amp; ');
  const types = Array.isArray(s['type']) ? (s['type'] as string[]) : typeof s['type'] === 'string' ? [s['type']] : [];
  const one = (t: string): string => {
    if (t === 'array') {
      if (Array.isArray(s['prefixItems'])) return `[${(s['prefixItems'] as unknown[]).map(typeLabel).join(', ')}]`;
      return `array of ${typeLabel(s['items'])}`;
    }
    if (t === 'object' && isObj(s['additionalProperties']) && !isObj(s['properties'])) return `map of ${typeLabel(s['additionalProperties'])}`;
    return esc(t);
  };
  return types.length ? types.map(one).join(' | ') : isObj(s['properties']) ? 'object' : 'any';
}

const CONSTRAINTS: [string, string][] = [
  ['minLength', 'min length'],
  ['maxLength', 'max length'],
  ['minimum', '≥'],
  ['exclusiveMinimum', '>'],
  ['maximum', '≤'],
  ['exclusiveMaximum', '<'],
  ['multipleOf', 'multiple of'],
  ['minItems', 'min items'],
  ['maxItems', 'max items'],
  ['minProperties', 'min properties'],
  ['maxProperties', 'max properties'],
];

function constraints(s: unknown): string {
  if (!isObj(s)) return '';
  const out: string[] = [];
  for (const [k, label] of CONSTRAINTS) if (typeof s[k] === 'number') out.push(`${esc(label)} ${s[k] as number}`);
  if (typeof s['format'] === 'string') out.push(`format ${code(s['format'])}`);
  if (typeof s['pattern'] === 'string') out.push(`pattern ${code(s['pattern'])}`);
  if (s['uniqueItems'] === true) out.push('unique items');
  if ('default' in s) out.push(`default ${code(JSON.stringify(s['default']))}`);
  if (s['additionalProperties'] === false && isObj(s['properties'])) out.push('no other properties');
  return out.join('<br>');
}

interface Row {
  depth: number;
  name: string;
  schema: unknown;
  required: boolean | undefined;
}

/** The rows of a schema's table: its properties, nested objects and array items below them; shared types are links, not expanded. */
function rowsOf(schema: unknown, depth = 0, out: Row[] = []): Row[] {
  if (!isObj(schema) || refName(schema) || depth > 12 || out.length > 2000) return out;
  const props = isObj(schema['properties']) ? schema['properties'] : undefined;
  if (props) {
    const required = new Set(Array.isArray(schema['required']) ? schema['required'].map(String) : []);
    for (const [name, sub] of Object.entries(props)) {
      out.push({ depth, name, schema: sub, required: required.has(name) });
      rowsOf(sub, depth + 1, out);
    }
  }
  const items = schema['items'];
  if (isObj(items) && !refName(items) && (isObj(items['properties']) || items['oneOf'] || items['anyOf'])) {
    out.push({ depth, name: '[ ]', schema: items, required: undefined });
    rowsOf(items, depth + 1, out);
  }
  if (Array.isArray(schema['prefixItems'])) {
    (schema['prefixItems'] as unknown[]).forEach((item, i) => {
      out.push({ depth, name: `[${i}]`, schema: item, required: undefined });
      rowsOf(item, depth + 1, out);
    });
  }
  if (isObj(schema['additionalProperties']) && !refName(schema['additionalProperties']) && isObj(schema['additionalProperties']['properties'])) {
    out.push({ depth, name: '{key}', schema: schema['additionalProperties'], required: undefined });
    rowsOf(schema['additionalProperties'], depth + 1, out);
  }
  for (const k of ['oneOf', 'anyOf'] as const) {
    if (!Array.isArray(schema[k])) continue;
    (schema[k] as unknown[]).forEach((variant, i) => {
      if (!isObj(variant) || refName(variant)) return;
      out.push({ depth, name: `variant ${i + 1}`, schema: variant, required: undefined });
      rowsOf(variant, depth + 1, out);
    });
  }
  return out;
}

function schemaTable(schema: unknown): string {
  const rows = rowsOf(schema);
  const head = `<p class="type">${typeLabel(schema)}${isObj(schema) && typeof schema['description'] === 'string' ? ` — ${esc(schema['description'])}` : ''}</p>`;
  if (rows.length === 0) return `${head}${constraints(schema) ? `<p class="constraints">${constraints(schema)}</p>` : ''}`;
  const body = rows
    .map((r) => {
      const desc = isObj(r.schema) && typeof r.schema['description'] === 'string' ? esc(r.schema['description']) : '';
      return `<tr><td class="field" style="padding-left:${0.5 + r.depth * 1.25}em">${code(r.name)}</td><td>${typeLabel(r.schema)}</td><td class="req">${r.required === undefined ? '' : r.required ? 'required' : 'optional'}</td><td>${constraints(r.schema)}</td><td>${desc}</td></tr>`;
    })
    .join('\n');
  return `${head}<table><thead><tr><th>field</th><th>type</th><th></th><th>constraints</th><th>description</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const pretty = (v: unknown): string => JSON.stringify(v, null, 2);
/** A value inside single quotes in a POSIX shell. */
const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function snippets(fn: IrFunction, options: DocsOptions): string {
  const input = fn.examples[0]?.input ?? {};
  const curl = `curl -s -X POST ${shellQuote(`https://<envId>.service.tcloudbase.com${fn.httpPath}`)} \\\n  -H 'Content-Type: application/json' \\\n  -H "X-WX-SERVICE-KEY: $SERVICE_KEY" \\\n  -d ${shellQuote(JSON.stringify(input))}`;
  const method = callerMethodName(fn.name);
  const ts = `import { createClient } from "./${options.outDir}/client.js";\n\nconst client = createClient({\n  http: { baseUrl: "https://<envId>.service.tcloudbase.com", serviceKey: process.env.SERVICE_KEY! },\n});\nconst output = await client.${method}(${JSON.stringify(input, null, 2)});`;
  const n = phpNames(fn);
  const php = `use ${options.phpNamespace}\\Client;\nuse ${options.phpNamespace}\\Model\\${n.input};\n\n$client = new Client(['http' => ['baseUrl' => 'https://<envId>.service.tcloudbase.com', 'serviceKey' => getenv('SERVICE_KEY')]]);\n$output = $client->${n.method}(${n.input}::fromArray(${phpValue(input)}));`;
  const block = (lang: string, text: string): string =>
    `<div class="snippet" data-lang="${lang}"><div class="snippet-head"><span>${lang}</span><button type="button" class="copy">copy</button></div><pre><code>${esc(text)}</code></pre></div>`;
  return `<h3>Call it</h3>${block('cURL', curl)}${block('TypeScript', ts)}${block('PHP', php)}`;
}

function functionSection(fn: IrFunction, options: DocsOptions): string {
  const errors = fn.errors.length
    ? `<table><thead><tr><th>code</th><th>status</th><th>description</th><th>data</th></tr></thead><tbody>${fn.errors
        .map((e) => `<tr><td>${code(e.code)}</td><td>${e.status}</td><td>${esc(e.description ?? e.message ?? '')}</td><td>${e.data ? schemaTable(e.data.schema) : ''}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="none">No declared errors.</p>';
  const examples = fn.examples.length
    ? fn.examples
        .map((x) => {
          const answer = x.error ? `<p>raises ${code(x.error.code)}</p>${x.error.data !== undefined ? `<pre><code>${esc(pretty(x.error.data))}</code></pre>` : ''}` : x.output !== undefined ? `<p>answers${x.match === 'subset' ? ' (at least)' : ''}</p><pre><code>${esc(pretty(x.output))}</code></pre>` : '<p>answers any output the contract allows</p>';
          return `<div class="example"><h4>${esc(x.name)}</h4><pre><code>${esc(pretty(x.input))}</code></pre>${answer}</div>`;
        })
        .join('')
    : '<p class="none">No examples.</p>';
  const search = [fn.name, fn.httpPath, fn.description ?? ''].join(' ').toLowerCase();
  return `<section class="fn" id="${anchor('fn', fn.name)}" data-search="${esc(search)}">
<h2>${esc(fn.name)}</h2>
${fn.description ? `<p class="desc">${esc(fn.description)}</p>` : ''}
<dl class="meta"><dt>HTTP trigger</dt><dd>${code(`POST ${fn.httpPath}`)}</dd><dt>HTTP API</dt><dd>${code(`POST /v1/functions/${fn.name}`)}</dd><dt>timeout</dt><dd>${fn.timeoutSeconds} s</dd><dt>idempotent</dt><dd>${fn.idempotent ? 'yes: safe to retry' : 'no'}</dd><dt>runtime</dt><dd>${fn.runtime === 'php' ? 'PHP' : 'Node.js'}</dd></dl>
<h3>Input</h3>${schemaTable(fn.input.schema as JsonSchema)}
<h3>Output</h3>${schemaTable(fn.output.schema as JsonSchema)}
<h3>Errors</h3>${errors}
<h3>Examples</h3>${examples}
${snippets(fn, options)}
</section>`;
}

function definitionSection(d: IrDefinition): string {
  return `<section class="def" id="${anchor('def', d.name)}"><h2>${esc(d.name)}</h2><p class="source">${code(`${d.source.file}${d.source.pointer ? `#${d.source.pointer}` : ''}`)}</p>${schemaTable(d.schema)}</section>`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei",sans-serif;color:#1f2328;background:#fff}
nav{position:fixed;top:0;left:0;bottom:0;width:270px;overflow:auto;border-right:1px solid #d0d7de;background:#f6f8fa;padding:16px}
nav h1{font-size:17px;margin:0 0 12px}
nav input{width:100%;padding:7px 9px;border:1px solid #d0d7de;border-radius:6px;font:inherit}
nav .count{color:#59636e;font-size:12px;margin:6px 0}
nav ul{list-style:none;margin:0;padding:0}
nav li a{display:block;padding:4px 6px;border-radius:4px;color:#1f2328;text-decoration:none;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
nav li a:hover,nav li a.current{background:#ddf4ff}
nav li small{color:#59636e}
nav h2{font-size:12px;text-transform:uppercase;color:#59636e;margin:16px 0 4px}
main{margin-left:270px;padding:24px 36px;max-width:1200px}
section{border-bottom:1px solid #d0d7de;padding-bottom:24px;margin-bottom:24px}
h2{margin:8px 0}
h3{margin:20px 0 6px;font-size:15px}
h4{margin:10px 0 4px;font-size:14px}
.desc{font-size:16px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:10px 0}
dl.meta dt{color:#59636e}dl.meta dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:14px;margin:6px 0}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
td.req{color:#59636e;white-space:nowrap}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC",monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px}
pre{background:#f6f8fa;padding:10px;border-radius:6px;overflow:auto;margin:4px 0}
pre code{padding:0;background:none}
.snippet{border:1px solid #d0d7de;border-radius:6px;margin:8px 0}
.snippet-head{display:flex;justify-content:space-between;align-items:center;padding:4px 10px;background:#f6f8fa;border-bottom:1px solid #d0d7de;font-size:13px}
.snippet pre{margin:0;border-radius:0 0 6px 6px;background:#fff}
button.copy{font:inherit;font-size:12px;padding:2px 8px;border:1px solid #d0d7de;border-radius:4px;background:#fff;cursor:pointer}
.none{color:#59636e}
.type{margin:4px 0}
a{color:#0969da}
[hidden]{display:none!important}
@media (max-width:800px){nav{position:static;width:auto;border-right:none}main{margin-left:0;padding:16px}}
`;

/** Filters the sidebar and the sections as the user types; copy buttons. No network, no library. */
const SCRIPT = `
(function () {
  var input = document.getElementById('search');
  var count = document.getElementById('count');
  var links = Array.prototype.slice.call(document.querySelectorAll('nav li[data-search]'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.fn'));
  function filter() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    for (var i = 0; i < links.length; i++) {
      var text = links[i].getAttribute('data-search');
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      links[i].hidden = !hit;
      sections[i].hidden = !hit;
      if (hit) shown++;
    }
    count.textContent = shown + ' of ' + links.length + ' functions';
  }
  input.addEventListener('input', filter);
  filter();
  document.addEventListener('click', function (e) {
    var button = e.target;
    if (!button.classList || !button.classList.contains('copy')) return;
    var text = button.closest('.snippet').querySelector('pre').textContent;
    var done = function () { button.textContent = 'copied'; setTimeout(function () { button.textContent = 'copy'; }, 1200); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () {});
  });
})();
`;

export function docsPage(ir: Ir, options: DocsOptions): string {
  const nav = ir.functions
    .map((fn) => `<li data-search="${esc([fn.name, fn.httpPath, fn.description ?? ''].join(' ').toLowerCase())}"><a href="#${anchor('fn', fn.name)}">${esc(fn.name)} <small>${esc(fn.httpPath)}</small></a></li>`)
    .join('\n');
  const defs = ir.definitions.map((d) => `<li><a href="#${anchor('def', d.name)}">${esc(d.name)}</a></li>`).join('\n');
  return `<!doctype html>
<!-- Generated by cloudfn from the contracts. Do not edit: change the contracts and run \`npx cloudfn docs\`. -->
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cloudfn">
<title>${esc(options.title)}</title>
<style>${CSS}</style>
</head>
<body>
<nav>
<h1>${esc(options.title)}</h1>
<input id="search" type="search" placeholder="Search functions" autocomplete="off" aria-label="Search functions">
<p class="count" id="count">${ir.functions.length} functions</p>
<ul id="functions">
${nav}
</ul>
${defs ? `<h2>Shared types</h2><ul>\n${defs}\n</ul>` : ''}
</nav>
<main>
${ir.functions.map((fn) => functionSection(fn, options)).join('\n')}
${ir.definitions.map(definitionSection).join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

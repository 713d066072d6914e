/**
 * Contract problems in Chinese: each diagnostic's English text (what is wrong; the fix) matched by
 * its family and written again in Chinese, with every name, value and path from the contract kept
 * as it was. A text no rule reads whole stays in English: never half of each. A test runs the
 * diagnostics of a corpus of broken contracts (and the fuzz inputs) through it and expects every
 * one translated.
 */

/**
 * A quoted name or value. Lazy, and always followed by fixed text in a rule, so it reaches as far as
 * that text needs: names are quoted raw (a name may hold quotes or backslashes).
 */
const Q = '"[\\s\\S]*?"';

type Rule = [RegExp, (m: RegExpExecArray) => string | undefined];

/** Phrases of "must be …, not …" and the values they name. */
const KINDS: Record<string, string> = {
  'an object': '对象',
  object: '对象',
  'a string': '字符串',
  string: '字符串',
  'an integer': '整数',
  integer: '整数',
  'a number': '数字',
  number: '数字',
  'true or false': 'true 或 false',
  boolean: '布尔值',
  'an array': '数组',
  array: '数组',
  null: 'null',
  'object or boolean': '对象或布尔值',
  'a non-negative integer': '非负整数',
  'an object mapping names to schemas': '名称到 schema 的映射对象',
  'a non-empty array of schemas': '非空的 schema 数组',
  'an array of example values': '示例值数组',
  'a non-empty array of allowed values': '非空的允许值数组',
  'an object of property-name arrays': '属性名数组组成的对象',
  'a regular expression string': '正则表达式字符串',
  'a number greater than 0': '大于 0 的数字',
  'a JSON Schema (an object, or true/false)': 'JSON Schema（对象，或 true/false）',
};

/** Two pieces joined, with a space where Chinese meets a name or a value. */
function spaced(zh: string, rest: string): string {
  return /^[\u3000-\u9fff\uff00-\uffef]/.test(rest) ? `${zh}${rest}` : `${zh} ${rest}`;
}

function kind(text: string): string | undefined {
  if (text in KINDS) return KINDS[text];
  const e = /^an array of property names, e\.g\. (\[.*\])$/.exec(text);
  if (e) return `属性名数组，例如 ${e[1]}`;
  return undefined;
}

/** A value as the messages describe it: `the string "x"`, `an array`, or the JSON itself. */
function value(text: string): string {
  const typed = /^the (string|number|boolean) (.*)$/s.exec(text);
  if (typed) return `${{ string: '字符串', number: '数字', boolean: '布尔值' }[typed[1]!]} ${typed[2]}`;
  return KINDS[text] ?? text;
}

/** The fixes, after the "; " (also the meta-schema's `x-fix` texts). */
const FIXES: Rule[] = [
  [new RegExp(`^did you mean (${Q})\\?$`), (m) => `你是不是想写 ${m[1]}？`],
  [/^remove it \(allowed: (.*)\)$/s, (m) => `删除它（允许：${m[1]}）`],
  [/^allowed: (.*)$/s, (m) => `允许：${m[1]}`],
  [/^this target takes no options$/, () => '这个目标没有选项'],
  [/^remove it, or prefix it with "x-" for a custom annotation$/, () => '删除它，或加上 "x-" 前缀作为自定义注解'],
  [/^use one of (.*), or a "pattern"$/s, (m) => `请使用 ${m[1]} 之一，或改用 "pattern"`],
  [/^use one of (.*)$/s, (m) => `请使用 ${m[1]} 之一`],
  [/^list at least one of (.*)$/s, (m) => `至少列出 ${m[1]} 中的一个`],
  [/^list each type once$/, () => '每个类型只列一次'],
  [/^list each required property once$/, () => '每个必填属性只列一次'],
  [/^fix the pattern$/, () => '请修正该正则表达式'],
  [new RegExp(`^add (${Q}): a JSON Schema with "type": "object" \\(use \\{"type": "object", "additionalProperties": false\\} for none\\)$`), (m) => `添加 ${m[1]}：一个 "type": "object" 的 JSON Schema（没有字段时用 {"type": "object", "additionalProperties": false}）`],
  [new RegExp(`^add (${Q})$`), (m) => `添加 ${m[1]}`],
  [/^rename it$/, () => '请改名'],
  [/^write (.*) without quotes$/s, (m) => `去掉引号，写成 ${m[1]}`],
  [/^keep it under (\d+) characters \(link to longer documentation instead\)$/, (m) => `请控制在 ${m[1]} 个字符以内（更长的文档请改为链接）`],
  [/^keep it under (\d+) characters$/, (m) => `请控制在 ${m[1]} 个字符以内`],
  [/^keep it under (\d+) \(link to longer documentation instead\)$/, (m) => `请控制在 ${m[1]} 个字符以内（更长的文档请改为链接）`],
  [/^use letters, digits, "_" and "-", starting with a letter, at most 60 characters \(e\.g\. "submitOrder" or "user-login"\)$/, () => '请使用字母、数字、"_" 和 "-"，以字母开头，最多 60 个字符（例如 "submitOrder" 或 "user-login"）'],
  [/^start with "\/", use URL path characters, and no empty, "\." or "\.\." segments or encoded "\." or "\/" \(clients and servers rewrite those; e\.g\. "\/orders\/submit"\)$/, () => '以 "/" 开头，只使用 URL 路径字符，且不含空段、"." 或 ".." 段，也不含编码后的 "." 或 "/"（客户端和服务器会改写它们；例如 "/orders/submit"）'],
  [/^use a whole number of seconds from 1 to 900$/, () => '请使用 1 到 900 之间的整数秒'],
  [/^use ("[\w-]+") or ("[\w-]+")$/, (m) => `请使用 ${m[1]} 或 ${m[2]}`],
  [/^error codes are UPPER_SNAKE \(e\.g\. "OUT_OF_STOCK"\)$/, () => '错误码须为 UPPER_SNAKE 形式（例如 "OUT_OF_STOCK"）'],
  [/^a declared error needs a 4xx or 5xx status \(e\.g\. 409\)$/, () => '声明的错误需要 4xx 或 5xx 状态码（例如 409）'],
  [/^see the meta-schema$/, () => '见元模式（meta-schema）'],
  [/^every cloud function needs its own name$/, () => '每个云函数都需要自己的名称'],
  [/^set a distinct "http\.path"$/, () => '请设置不同的 "http.path"'],
  [/^rename one of them$/, () => '请给其中一个改名'],
  [/^choose another name$/, () => '请另选一个名称'],
  [/^rewrite it without nested or overlapping quantifiers \(e\.g\. "\(a\+\)\+\$" → "a\+\$"\), bound the string with maxLength \(checked first\), or add "x-redos": "accept" beside it if its input is trusted$/, () => '去掉嵌套或重叠的量词重写它（例如 "(a+)+$" → "a+$"），用 maxLength 限制字符串长度（会先检查），或在输入可信时在旁边加上 "x-redos": "accept"'],
  [/^flatten it: move inner schemas to \$defs and \$ref them$/, () => '请展平：把内层 schema 移到 $defs 并用 $ref 引用'],
  [/^check the indentation and quoting here$/, () => '请检查此处的缩进和引号'],
  [/^remove the comma after the last (property|item)$/, (m) => `删除最后一个${m[1] === 'property' ? '属性' : '元素'}后面的逗号`],
  [/^JSON allows no comments, single quotes or unquoted names$/, () => 'JSON 不允许注释、单引号或不带引号的名称'],
  [/^add the closing double quote$/, () => '请补上结尾的双引号'],
  [/^remove it$/, () => '删除它'],
  [/^remove them or use a \.fn\.yaml file$/, () => '删除它们，或改用 .fn.yaml 文件'],
  [/^write a JSON object$/, () => '请写一个 JSON 对象'],
  [/^declare it or fix the code$/, () => '请声明它，或修正错误码'],
  [/^give it a distinct "title"$/, () => '请给它一个不同的 "title"'],
  [/^give it a "title" such as "Address"$/, () => '请给它一个 "title"，例如 "Address"'],
  [/^use a JSON pointer such as "#\/\$defs\/Name"$/, () => '请使用 JSON 指针，例如 "#/$defs/Name"'],
  [/^point to a schema inside it, e\.g\. "#\/\$defs\/Name"$/, () => '请指向其中的某个 schema，例如 "#/$defs/Name"'],
];

/** Whole messages, their problem part, with the fix (when there is one) read by FIXES. */
const RULES: Rule[] = [
  [new RegExp(`^unknown key in ([^:]+): (${Q}); (.+)$`, 's'), (m) => both(`${m[1]} 中的未知键 ${m[2]}`, m[3]!)],
  [new RegExp(`^unknown key (${Q}); (.+)$`, 's'), (m) => both(`未知的键 ${m[1]}`, m[2]!)],
  [/^unknown key; (.+)$/s, (m) => both('未知的键', m[1]!)],
  [new RegExp(`^the contract is missing required key (${Q}); (.+)$`, 's'), (m) => both(`契约缺少必需的键 ${m[1]}`, m[2]!)],
  [new RegExp(`^(\\S+) is missing required key (${Q}); (.+)$`, 's'), (m) => both(`${m[1]} 缺少必需的键 ${m[2]}`, m[3]!)],
  [new RegExp(`^(${Q}) is not a valid name here; (.+)$`, 's'), (m) => both(`${m[1]} 不是这里允许的名称`, m[2]!)],
  [/^must be one of (.*), not (.*)$/s, (m) => `必须是 ${m[1]} 之一，${spaced('而不是', value(m[2]!))}`],
  [/^must be (at least|at most) (-?[\d.e+]+)$/, (m) => `必须${m[1] === 'at least' ? '至少' : '至多'}为 ${m[2]}`],
  [/^must not be empty; (.+)$/s, (m) => both('不能为空', m[1]!)],
  [/^must NOT have (more|fewer) than (\d+) characters(?:; (.+))?$/s, (m) => both(`不能${m[1] === 'more' ? '超过' : '少于'} ${m[2]} 个字符`, m[3])],
  [/^must NOT have (more|fewer) than (\d+) items(?:; (.+))?$/s, (m) => both(`不能${m[1] === 'more' ? '多于' : '少于'} ${m[2]} 个元素`, m[3])],
  [/^must be equal to one of the allowed values(?:; (.+))?$/s, (m) => both('必须是允许的值之一', m[1])],
  [/^must be (>=|<=|>|<) (-?[\d.e+]+)(?:; (.+))?$/s, (m) => both(`必须 ${m[1]} ${m[2]}`, m[3])],
  [/^must match pattern (".*")(?:; (.+))?$/s, (m) => both(`必须匹配模式 ${m[1]}`, m[2])],
  [/^must be (.+?), not (.+?)(?:; (write .+))?$/s, (m) => {
    const k = kind(m[1]!) ?? (/^[a-z]+ or [a-z]+$/.test(m[1]!) ? m[1]!.split(' or ').map((x) => KINDS[x] ?? x).join('或') : undefined);
    return k === undefined ? undefined : both(`${spaced('必须是', k)}，${spaced('而不是', value(m[2]!))}`, m[3]);
  }],
  [/^(.+) is invalid; (.+)$/s, (m) => both(`${m[1]} 无效`, m[2]!)],
  [/^is invalid$/, () => '无效'],
  [/^lists a type twice; (.+)$/s, (m) => both('重复列出了一个类型', m[1]!)],
  [/^lists a property twice; (.+)$/s, (m) => both('重复列出了一个属性', m[1]!)],
  [/^is (\d+) characters long; (.+)$/s, (m) => both(`长度为 ${m[1]} 个字符`, m[2]!)],
  [new RegExp(`^(${Q}) is not a JSON Schema type; (.+)$`, 's'), (m) => both(`${m[1]} 不是 JSON Schema 类型`, m[2]!)],
  [/^(.+) is not a JSON Schema type; (.+)$/s, (m) => both(`${m[1]} 不是 JSON Schema 类型`, m[2]!)],
  [new RegExp(`^(${Q}) is not a format the validators know; (.+)$`, 's'), (m) => both(`${m[1]} 不是校验器支持的格式（format）`, m[2]!)],
  [new RegExp(`^(${Q}) is not a valid regular expression \\((.*)\\); (.+)$`, 's'), (m) => both(`${m[1]} 不是合法的正则表达式（${m[2]}）`, m[3]!)],
  [/^unknown JSON Schema keyword "nullable" \(an OpenAPI 3\.0 extension\); list "null" in "type" instead, e\.g\. "type": \["string", "null"\]$/, () => '未知的 JSON Schema 关键字 "nullable"（OpenAPI 3.0 的扩展）；请改为在 "type" 中列出 "null"，例如 "type": ["string", "null"]'],
  [new RegExp(`^unknown JSON Schema keyword (${Q}); (.+)$`, 's'), (m) => both(`未知的 JSON Schema 关键字 ${m[1]}`, m[2]!)],
  [new RegExp(`^property name (${Q}) is refused: every JavaScript object already has a member by that name \\(Object\\.prototype\\), which checks and TypeScript types would take for the data; rename it \\(e\\.g\\. (${Q})\\)$`, 's'), (m) => `属性名 ${m[1]} 被拒绝：每个 JavaScript 对象都已有同名成员（Object.prototype），检查和 TypeScript 类型会把它当成数据；请改名（例如 ${m[2]}）`],
  [new RegExp(`^(${Q}) can take (\\w+) time on hostile input \\(ReDoS(?:, e\\.g\\. on (.*))?\\); (.+)$`, 's'), (m) => both(`${m[1]} 在恶意输入下可能耗费${{ exponential: '指数', polynomial: '多项式' }[m[2]!] ?? m[2]}级时间（ReDoS${m[3] ? `，例如 ${m[3]}` : ''}）`, m[4]!)],
  [new RegExp(`^(${Q}) could not be shown safe from ReDoS \\((.*)\\); (.+)$`, 's'), (m) => both(`无法证明 ${m[1]} 不受 ReDoS 影响（${m[2]}）`, m[3]!)],
  [new RegExp(`^function name (${Q}) is already used by (\\S+); (.+)$`, 's'), (m) => both(`函数名 ${m[1]} 已被 ${m[2]} 使用`, m[3]!)],
  [new RegExp(`^function name (${Q}) and (${Q}) \\((\\S+)\\) both become the identifier (\\S+) / (\\S+) in code; (.+)$`, 's'), (m) => both(`函数名 ${m[1]} 和 ${m[2]}（${m[3]}）在代码中都会变成标识符 ${m[4]} / ${m[5]}`, m[6]!)],
  [new RegExp(`^HTTP path (${Q}) is already used by (\\S+); (.+)$`, 's'), (m) => both(`HTTP 路径 ${m[1]} 已被 ${m[2]} 使用`, m[3]!)],
  [new RegExp(`^error code (${Q}) is reserved for cloudfn's own responses; (.+)$`, 's'), (m) => both(`错误码 ${m[1]} 保留给 cloudfn 自己的应答`, m[2]!)],
  [/^\$ref (".*") points outside the project; cloudfn resolves only relative file references, so copy the schema into the project and reference it by relative path$/s, (m) => `$ref ${m[1]} 指向项目之外；cloudfn 只解析相对文件引用，请把该 schema 复制到项目中并用相对路径引用`],
  [/^\$ref (".*") points outside the project folder; cloudfn reads only files inside it: copy the schema into the project and reference it by a relative path$/s, (m) => `$ref ${m[1]} 指向项目目录之外；cloudfn 只读取项目内的文件：请把该 schema 复制到项目中并用相对路径引用`],
  [/^\$ref (".*") is a link to a file outside the project folder; cloudfn reads only files inside it: copy the schema into the project$/s, (m) => `$ref ${m[1]} 是指向项目目录之外文件的链接；cloudfn 只读取项目内的文件：请把该 schema 复制到项目中`],
  [/^\$ref (".*") points to a missing file (\S+); (.+)$/s, (m) => both(`$ref ${m[1]} 指向不存在的文件 ${m[2]}`, m[3]!)],
  [/^\$ref (".*") points to a missing definition: this file has no (".*") at (\S+); (.+)$/s, (m) => both(`$ref ${m[1]} 指向不存在的定义：本文件的 ${m[3]} 下没有 ${m[2]}`, m[4]!)],
  [/^\$ref (".*") points to a missing definition: (\S+) has no (".*") at (\S+); (.+)$/s, (m) => both(`$ref ${m[1]} 指向不存在的定义：${m[2]} 的 ${m[4]} 下没有 ${m[3]}`, m[5]!)],
  [/^\$ref (".*") uses a plain-name fragment; (.+)$/s, (m) => both(`$ref ${m[1]} 使用了普通名称片段`, m[2]!)],
  [/^\$ref (".*") points to a whole contract file; (.+)$/s, (m) => both(`$ref ${m[1]} 指向整个契约文件`, m[2]!)],
  [/^is a link to a file outside the project folder; cloudfn reads only files inside it: copy the contract into the project$/, () => '是指向项目目录之外文件的链接；cloudfn 只读取项目内的文件：请把该契约复制到项目中'],
  [/^nested more than (\d+) levels deep here; (.+)$/s, (m) => both(`此处嵌套超过 ${m[1]} 层`, m[2]!)],
  [/^nested too deeply to read; cloudfn accepts at most (\d+) levels: flatten it with \$defs$/, (m) => `嵌套太深无法读取；cloudfn 最多接受 ${m[1]} 层：请用 $defs 展平`],
  [/^is ([\d.]+) MB; contract and schema files are limited to (\d+) MB: move large examples and documentation out of it$/, (m) => `大小为 ${m[1]} MB；契约和 schema 文件最大 ${m[2]} MB：请把大的示例和文档移出该文件`],
  [/^must describe a JSON object \(a cloud function's event and result are objects\); add "type": "object" with "properties"$/, () => '必须描述一个 JSON 对象（云函数的事件和结果都是对象）；请加上 "type": "object" 和 "properties"'],
  [/^example (".*") raises (".*"), which is not declared under "errors"; (.+)$/s, (m) => both(`示例 ${m[1]} 抛出 ${m[2]}，但它没有在 "errors" 下声明`, m[3]!)],
  [
    /^default (.*) does not match its own schema \(the check says (".*")\); the handler fills it in when a caller leaves (".*") out, so those calls would be refused: correct the default or the schema$/s,
    (m) => `默认值 ${m[1]} 不符合它自己的 schema（校验结果为 ${m[2]}）；调用方省略 ${m[3]} 时处理函数会填入它，这些调用因此会被拒绝：请修正默认值或 schema`,
  ],
  [/^shared definition has no name usable in code: its title, key and file name hold no ASCII letter or digit; (.+)$/s, (m) => both('共享定义没有可在代码中使用的名字：它的 title、键名和文件名都不含 ASCII 字母或数字', m[1]!)],
  [/^shared definition would be named (".*") but that name is taken by another definition or by the generated code; (.+)$/s, (m) => both(`共享定义将被命名为 ${m[1]}，但该名称已被另一个定义或生成的代码占用`, m[2]!)],
  [/^invalid JSON: trailing comma before ("."); (.+)$/s, (m) => both(`JSON 无效：${m[1]} 前有多余的逗号`, m[2]!)],
  [/^invalid JSON: (.+)$/s, (m) => json(m[1]!)],
  [/^the file is empty; (.+)$/s, (m) => both('文件是空的', m[1]!)],
  [/^is not UTF-8 text: byte (0x[0-9A-F]{2}) here is not part of a UTF-8 character \(the file is probably in GBK or another legacy encoding\); save it as UTF-8$/, (m) => `不是 UTF-8 文本：此处的字节 ${m[1]} 不属于任何 UTF-8 字符（文件可能是 GBK 或其他旧编码）；请将它另存为 UTF-8`],
  [/^is a number too large to represent \(it reads as Infinity\); write one between (\S+) and (\S+)$/, (m) => `是一个无法表示的过大数字（读出来是 Infinity）；请写 ${m[1]} 到 ${m[2]} 之间的数`],
  [/^must not be empty; set a secret, or leave the key out for the local default$/, () => '不能为空；请设置一个密钥，或去掉该键以使用本地默认值'],
  [/^invalid YAML: its aliases \(\*name\) expand to too many values; write the values out, or use fewer aliases$/, () => 'YAML 无效：其中的别名（*name）展开后的值太多；请把值直接写出来，或少用别名'],
  [/^invalid YAML: (.*); (check the indentation and quoting here)$/s, (m) => both(`YAML 无效：${m[1]}`, m[2]!)],
];

const JSON_PROBLEMS: Record<string, string> = {
  'expected a property name in double quotes': '此处应是用双引号括起的属性名',
  'expected a value (string, number, object, array, true, false or null)': '此处应是一个值（字符串、数字、对象、数组、true、false 或 null）',
  'a comma is missing between two items': '两项之间缺少逗号',
  'a colon is missing after a property name': '属性名后缺少冒号',
  'an object is not closed': '对象没有闭合',
  'an array is not closed': '数组没有闭合',
  'unexpected character': '意外的字符',
  'a string is not closed': '字符串没有闭合',
  'extra text after the end of the JSON value': 'JSON 值结束后还有多余的文本',
  'JSON does not allow comments': 'JSON 不允许注释',
};

function json(text: string): string | undefined {
  const [problem, fix] = splitFix(text);
  const zh = JSON_PROBLEMS[problem];
  return zh === undefined ? undefined : both(`JSON 无效：${zh}`, fix);
}

/** The text split at its first "; " outside a quoted string. */
function splitFix(text: string): [string, string | undefined] {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ';' && text[i + 1] === ' ') return [text.slice(0, i), text.slice(i + 2)];
  }
  return [text, undefined];
}

function fixZh(fix: string): string | undefined {
  for (const [re, write] of FIXES) {
    const m = re.exec(fix);
    if (m) return write(m);
  }
  return undefined;
}

/** The problem and its fix in Chinese, or undefined when the fix is not one this file knows. */
function both(problem: string, fix: string | undefined): string | undefined {
  if (fix === undefined) return problem;
  const f = fixZh(fix);
  return f === undefined ? undefined : `${problem}；${f}`;
}

/** The diagnostic text in Chinese, or undefined when no rule reads it whole. */
export function diagnosticZh(message: string): string | undefined {
  for (const [re, write] of RULES) {
    const m = re.exec(message);
    if (!m) continue;
    const zh = write(m);
    if (zh !== undefined) return zh;
  }
  return undefined;
}

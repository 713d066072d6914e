/**
 * `cloudfn diff`'s change descriptions in Chinese, read by family from the English ones
 * (generator/diff/rules.ts) as the contract problems are (diagnostics-zh.ts): names, values and
 * pointers kept; a description no rule reads whole stays in English. A test runs every rule's
 * before/after case through it and expects each translated.
 */

type Rule = [RegExp, (m: RegExpExecArray) => string];

const DIR: Record<string, string> = { accepted: '接受', returned: '返回' };
const d = (word: string | undefined): string => DIR[word ?? ''] ?? word ?? '';
/** Values as the rules show them; the words among them in Chinese. */
const v = (text: string | undefined): string =>
  (text ?? '').replace(/\ba schema\b/g, '一个 schema').replace(/\bnone\b/g, '无');

const OLD_CONTRACT = 'callers with the old contract refuse it (additionalProperties false)';

const RULES: Rule[] = [
  [/^function removed; renamed to (\S+)\? its contract is identical \(callers must switch to the new name\)$/, (m) => `函数被删除；是否改名为 ${m[1]}？它的契约完全相同（调用方须改用新名称）`],
  [/^function removed$/, () => '函数被删除'],
  [/^function added$/, () => '新增函数'],
  [/^http\.path changed \((.*)\): callers of the trigger must follow$/s, (m) => `http.path 已改变（${m[1]}）：触发器的调用方必须跟着改`],
  [/^timeoutSeconds lowered \((.*)\): calls that took longer now time out$/, (m) => `timeoutSeconds 调低（${m[1]}）：耗时更长的调用现在会超时`],
  [/^timeoutSeconds raised \((.*)\)$/, (m) => `timeoutSeconds 调高（${m[1]}）`],
  [/^idempotent switched off: clients no longer retry it, and a caller that retries on its own may now repeat its effect$/, () => 'idempotent 已关闭：客户端不再重试它，自行重试的调用方可能重复产生效果'],
  [/^idempotent switched on: clients may retry it$/, () => 'idempotent 已开启：客户端可以重试它'],
  [/^runtime changed \((.*)\)$/, (m) => `runtime 已改变（${m[1]}）`],
  [/^declared error (\S+) \((\d+)\) added: callers do not handle it yet$/, (m) => `新增声明的错误 ${m[1]}（${m[2]}）：调用方还没有处理它`],
  [/^status of (\S+) changed \((.*)\)$/, (m) => `${m[1]} 的状态码已改变（${m[2]}）`],
  [/^description or message of (\S+) changed$/, (m) => `${m[1]} 的描述或消息已改变`],
  [/^data of (\S+) (added|removed)$/, (m) => `${m[1]} 的数据已${m[2] === 'added' ? '新增' : '删除'}`],
  [/^declared error (\S+) removed: the function may no longer raise it$/, (m) => `声明的错误 ${m[1]} 被删除：函数不能再抛出它`],
  [/^now constrained: fewer values (accepted|returned)$/, (m) => `现在有约束：${d(m[1])}的值变少`],
  [/^no longer constrained: any value (accepted|returned)$/, (m) => `不再有约束：任何值都会被${d(m[1])}`],
  [/^fewer values (accepted|returned) \((.*)\)$/s, (m) => `${d(m[1])}的值变少（${m[2]}）`],
  [/^more values (accepted|returned) \((.*)\)$/s, (m) => `${d(m[1])}的值变多（${m[2]}）`],
  [/^no longer nullable: null no longer (accepted|returned)$/, (m) => `不再可为 null：不再${d(m[1])} null`],
  [/^made nullable: null now (accepted|returned)$/, (m) => `变为可为 null：现在${d(m[1])} null`],
  [/^type (\w+) no longer (accepted|returned)$/, (m) => `不再${d(m[2])}类型 ${m[1]}`],
  [/^type (\w+) now (accepted|returned)$/, (m) => `现在${d(m[2])}类型 ${m[1]}`],
  [/^type now restricted to (.*)$/s, (m) => `类型现在限于 ${m[1]}`],
  [/^type no longer restricted \(was (.*)\)$/s, (m) => `类型不再受限（原为 ${m[1]}）`],
  [/^value (.*) no longer (accepted|returned)$/s, (m) => `不再${d(m[2])}值 ${m[1]}`],
  [/^value (.*) now (accepted|returned)$/s, (m) => `现在${d(m[2])}值 ${m[1]}`],
  [/^now limited to (.*)$/s, (m) => `现在限于 ${m[1]}`],
  [/^no longer limited to (.*)$/s, (m) => `不再限于 ${m[1]}`],
  [/^(\w+) tightened \((.*)\)$/s, (m) => `${m[1]} 收紧（${v(m[2])}）`],
  [/^(\w+) loosened \((.*)\)$/s, (m) => `${m[1]} 放宽（${v(m[2])}）`],
  [/^uniqueItems (added|removed)$/, (m) => `uniqueItems 已${m[1] === 'added' ? '新增' : '删除'}`],
  [/^tuple length changed \((.*)\)$/, (m) => `元组长度已改变（${m[1]}）`],
  [/^discriminator changed \((.*)\)$/, (m) => `判别字段已改变（${v(m[1])}）`],
  [/^(oneOf|anyOf) branch (.*?) ?removed: its values no longer (accepted|returned)$/s, (m) => `${m[1]} 分支${m[2] ? ` ${m[2]}` : ''}被删除：不再${d(m[3])}它的值`],
  [/^(oneOf|anyOf) branch (.*?) ?added: more values (accepted|returned)$/s, (m) => `${m[1]} 分支${m[2] ? ` ${m[2]}` : ''}新增：${d(m[3])}的值变多`],
  [/^allOf changed \((\d+) → (\d+) parts\)$/, (m) => `allOf 已改变（${m[1]} → ${m[2]} 个部分）`],
  [/^property (".*") added as required \(it has a default\)$/s, (m) => `新增必填属性 ${m[1]}（它有默认值）`],
  [/^property (".*") added as required$/s, (m) => `新增必填属性 ${m[1]}`],
  [new RegExp(`^property (".*") added as required to the output: ${esc(OLD_CONTRACT)}$`, 's'), (m) => `输出新增必填属性 ${m[1]}：使用旧契约的调用方会拒绝它（additionalProperties 为 false）`],
  [/^property (".*") added as required to the output: the function must always return it$/s, (m) => `输出新增必填属性 ${m[1]}：函数必须总是返回它`],
  [new RegExp(`^property (".*") added as optional: ${esc(OLD_CONTRACT)}$`, 's'), (m) => `新增可选属性 ${m[1]}：使用旧契约的调用方会拒绝它（additionalProperties 为 false）`],
  [/^property (".*") added as optional$/s, (m) => `新增可选属性 ${m[1]}`],
  [/^property (".*") removed: callers that send it are refused \(additionalProperties false\)$/s, (m) => `属性 ${m[1]} 被删除：发送它的调用方会被拒绝（additionalProperties 为 false）`],
  [/^property (".*") removed: no longer read$/s, (m) => `属性 ${m[1]} 被删除：不再读取`],
  [/^property (".*") removed from the output$/s, (m) => `输出中删除了属性 ${m[1]}`],
  [/^property (".*") made (required|optional) \(it has a default\)$/s, (m) => `属性 ${m[1]} 变为${m[2] === 'required' ? '必填' : '可选'}（它有默认值）`],
  [/^property (".*") lost its default: callers that leave it out are refused$/s, (m) => `属性 ${m[1]} 失去了默认值：省略它的调用方会被拒绝`],
  [/^property (".*") lost its default: the function must handle its absence$/s, (m) => `属性 ${m[1]} 失去了默认值：函数必须处理它缺席的情况`],
  [/^property (".*") got a default \((.*)\)$/s, (m) => `属性 ${m[1]} 有了默认值（${m[2]}）`],
  [/^property (".*")'s default changed \((.*)\): callers that leave it out get the new one$/s, (m) => `属性 ${m[1]} 的默认值已改变（${m[2]}）：省略它的调用方得到新的值`],
  [/^property (".*") made required: the function must always return it$/s, (m) => `属性 ${m[1]} 变为必填：函数必须总是返回它`],
  [/^property (".*") made required$/s, (m) => `属性 ${m[1]} 变为必填`],
  [/^property (".*") made optional: callers can no longer count on it$/s, (m) => `属性 ${m[1]} 变为可选：调用方不能再依赖它`],
  [/^property (".*") made optional: the function must handle its absence$/s, (m) => `属性 ${m[1]} 变为可选：函数必须处理它缺席的情况`],
  [/^if changed: which values then and else apply to moved \(cloudfn cannot tell whom that breaks\)$/, () => 'if 已改变：then 和 else 适用于哪些值变了（cloudfn 无法判断这会影响谁）'],
  [/^([\w$]+) changed: cloudfn cannot tell whom that breaks$/, (m) => `${m[1]} 已改变：cloudfn 无法判断这会影响谁`],
  [/^(".*") (now|no longer) required with (".*")$/s, (m) => `有 ${m[3]} 时${m[2] === 'now' ? '现在必须' : '不再必须'}有 ${m[1]}`],
  [/^(\w+) (removed|introduced)$/, (m) => `${m[1]} 已${m[2] === 'removed' ? '删除' : '引入'}`],
  [/^(\w+) (.*) removed$/s, (m) => `${m[1]} ${m[2]} 已删除`],
  [/^(\w+) (.*) added$/s, (m) => `${m[1]} ${m[2]} 已新增`],
  [/^(\w+) changed \((.*)\)$/s, (m) => `${m[1]} 已改变（${m[2]}）`],
  [/^([\w$]+) changed$/, (m) => `${m[1]} 已改变`],
];

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The change description in Chinese, or undefined when no rule reads it whole. */
export function diffReasonZh(reason: string): string | undefined {
  for (const [re, write] of RULES) {
    const m = re.exec(reason);
    if (m) return write(m);
  }
  return undefined;
}

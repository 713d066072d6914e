/**
 * The Chinese descriptions of the contract format reference, by member path (the English ones are
 * the `description`s of `schemas/function.schema.json`). A test fails when the meta-schema gains a
 * member this table does not describe.
 */
export const REFERENCE_ZH: Readonly<Record<string, string>> = {
  '$schema': '指向本元模式（meta-schema）的相对路径，让编辑器能补全并检查该文件。',
  'name': '云函数在云开发中的真实名称：字母、数字、"_" 和 "-"，以字母开头，最多 60 个字符。代码中 "user-login" 写作 userLogin。',
  'description': '函数做什么；成为生成方法的 JSDoc / PHPDoc。',
  'http': '该函数的 HTTP 触发器（HTTP 访问服务）路由。',
  'http.path': '触发器挂载的路径，例如 /orders/submit。默认为 /<name>。只用 URL 路径字符；不含空段、. 或 .. 段，也不含编码后的 . 或 /（客户端会改写它们）。',
  'timeoutSeconds': '函数超时时间，单位秒（1 到 900），默认 60。客户端等待这么久再加一点余量。',
  'runtime': '函数所用语言："nodejs"（默认）生成 TypeScript 处理函数，"php" 生成 index.php 中的 main_handler。',
  'signing': 'HTTP 触发器上的签名请求：客户端用共享密钥对时间戳、nonce 和请求体做 HMAC-SHA256 签名，处理函数校验签名并拒绝重放。"none" 为本函数关闭项目级的 "signing"。',
  'idempotent': '调用两次与调用一次效果相同时为 true；只有这样客户端才会在网络错误和 502 时重试。默认 false。',
  'input': '函数输入事件的 JSON Schema（draft-07 或 2020-12）。顶层必须是对象。',
  'output': '函数返回值的 JSON Schema（draft-07 或 2020-12）。顶层必须是对象。',
  'errors': '函数可以用 fail(CODE, data) 抛出的具名业务错误。键为 UPPER_SNAKE 形式的错误码。',
  'errors.<CODE>.status': '通过 HTTP 触发器返回该错误时的 HTTP 状态码：4xx 或 5xx。',
  'errors.<CODE>.description': '该错误在什么情况下发生；成为文档。',
  'errors.<CODE>.message': '随错误发送的默认可读消息。',
  'errors.<CODE>.data': '随该错误发送的数据的 JSON Schema，两端都有类型。',
  'examples': '具名的示例调用；契约测试会重放它们。',
  'examples[].name': '该示例展示什么。',
  'examples[].input': '一个符合输入 schema 的输入。',
  'examples[].output': '实现对该输入返回的输出。省略时只检查返回值符合输出 schema。',
  'examples[].match': '返回值与 output 的比较方式：exact（默认），或 subset：返回值可以比 output 多出成员（时间戳、id）。',
  'examples[].error': '实现对该输入抛出的已声明错误（代替输出）。',
  'examples[].error.code': 'errors 中声明的一个错误码。',
  'examples[].error.data': '该错误的数据。',
  '$defs': '共享的 schema，在 input、output 或 errors 中以 #/$defs/Name 引用。',
  'definitions': '$defs 的 draft-07 写法，以 #/definitions/Name 引用。',
};

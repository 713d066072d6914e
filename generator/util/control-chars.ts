/**
 * Control characters from a contract never land raw in a generated file: where text is shown
 * (comments, the docs page) each becomes `\xNN`, and where it is code (PHP strings, regular
 * expression literals) the same escape means the same character.
 */

/** `\xNN` for one character of U+0000 to U+00FF. */
export function hexEscape(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** The text with every control character but tab, line feed and carriage return shown as `\xNN`. */
export function showControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, hexEscape);
}

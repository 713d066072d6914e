import { createHash } from 'node:crypto';
import type { CallContext, Input, Output } from './contract.js';
import { fail } from './contract.js';

/**
 * Exchanges a wx.login code for a session token. A real function would call
 * jscode2session; this one derives a stable user from the code so the example runs offline.
 */
export default async function userLogin(input: Input, ctx: CallContext): Promise<Output> {
  void ctx;
  if (input.code.startsWith('invalid')) throw fail('INVALID_CODE');
  const isNew = input.code.startsWith('new');
  const openId = `o${createHash('sha256').update(input.code).digest('base64url').slice(0, 27)}`;
  return {
    token: createHash('sha256').update(`session:${input.code}`).digest('hex'),
    expiresIn: 7200,
    user: { openId, nickname: isNew ? null : '茶友', isNew },
  };
}

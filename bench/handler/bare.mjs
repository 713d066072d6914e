// BARE: JSON.parse + JSON.stringify only; no checks at all.
export async function main(event) {
  const input = JSON.parse(event.body);
  const output = { orderId: 'ord_0123456789', status: input.payment === 'cash_on_delivery' ? 'confirmed' : 'pending_payment', lines: input.items.length, createdAt: '2026-11-24T12:00:00Z' };
  return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(output), isBase64Encoded: false };
}

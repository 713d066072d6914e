// The same function with middy 6: JSON body parser, validator (ajv compiled at import) and error handler.
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import validator from '@middy/validator';
import { transpileSchema } from '@middy/validator/transpile';
import contract from './contract.fn.json' with { type: 'json' };

const serviceKey = () => ({
  before: (request) => {
    if (request.event.headers['x-wx-service-key'] !== process.env.CLOUDFN_SERVICE_KEY) {
      return { statusCode: 401, body: JSON.stringify({ error: { code: 'UNAUTHORIZED' } }) };
    }
  },
});
const stringify = () => ({
  after: (request) => {
    request.response = { ...request.response, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(request.response.body), isBase64Encoded: false };
  },
});

async function handler(event) {
  const input = event.body;
  return { statusCode: 200, body: { orderId: 'ord_0123456789', status: input.payment === 'cash_on_delivery' ? 'confirmed' : 'pending_payment', lines: input.items.length, createdAt: '2026-11-24T12:00:00Z' } };
}

export const main = middy(handler)
  .use(httpErrorHandler())
  .use(stringify())
  .use(serviceKey())
  .use(httpJsonBodyParser())
  .use(validator({
    eventSchema: transpileSchema({ type: 'object', required: ['body'], properties: { body: contract.input } }),
    responseSchema: transpileSchema({ type: 'object', required: ['body'], properties: { body: contract.output } }),
  }));

// Runs one cloud function inside a worker thread for the emulator, with the
// function's own environment (set by the parent through the Worker's `env`).
// The module is required once, as the platform keeps a warm instance.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

// The handlers are bundled with inline source maps: stack traces name the project's own .ts files.
process.setSourceMapsEnabled(true);

let main;
try {
  const mod = require(workerData.file);
  // The entry's export name, as cloudbaserc.json's `handler: "index.main"` gives it.
  const name = workerData.exportName || 'main';
  main = typeof mod[name] === 'function' ? mod[name] : mod.default && typeof mod.default[name] === 'function' ? mod.default[name] : undefined;
  if (!main) throw new Error(`${workerData.file} exports no ${name} function`);
} catch (e) {
  parentPort.postMessage({ type: 'load-error', message: e && e.message ? e.message : String(e) });
}

function send(message) {
  try {
    parentPort.postMessage(message);
  } catch (e) {
    // The result cannot cross the thread boundary (functions, symbols): the platform could not serialize it either.
    parentPort.postMessage({ type: 'result', id: message.id, ok: false, unserializable: true, message: e && e.message ? e.message : String(e) });
  }
}

// The per-call variables the platform sets (getWXContext() reads them): the previous call's are removed first.
let callKeys = [];
function setCallEnv(env) {
  for (const key of callKeys) delete process.env[key];
  callKeys = Object.keys(env || {});
  Object.assign(process.env, env);
}

parentPort.on('message', (msg) => {
  if (msg.type !== 'invoke' || !main) return;
  setCallEnv(msg.env);
  Promise.resolve()
    .then(() => main(msg.event, msg.context))
    .then(
      // Serialized as the platform's runtime does: JSON.stringify (toJSON, Buffer, URL; functions left out).
      (value) => {
        let json;
        try {
          json = JSON.stringify(value);
        } catch (e) {
          send({ type: 'result', id: msg.id, ok: false, unserializable: true, message: e && e.message ? e.message : String(e) });
          return;
        }
        send({ type: 'result', id: msg.id, ok: true, json });
      },
      (error) => send({ type: 'result', id: msg.id, ok: false, message: error && error.message ? error.message : String(error) }),
    );
});
parentPort.postMessage({ type: 'ready' });

// Served in place of the Rive runtime that the Flet web client would load from a CDN
// (cdn.jsdelivr.net/npm/@rive-app/flutter-native-wasm): MY광양 shows no Rive animations and
// must not reach outside its own server. The client waits for this promise; leaving it
// pending is what happened before when the CDN request failed, minus the failed request.
window.RiveNative = () => new Promise(() => {});

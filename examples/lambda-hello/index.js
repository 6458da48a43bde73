// The example function the demo builds, publishes and rolls out.
exports.handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ message: `hello, ${event?.name ?? 'world'}` }),
});

/**
 * The fast gate (`npm run test:unit`): test/unit only, the tests that run inside the Jest process with no Redis, no
 * child process and no server. No global setup, so no redis-server is started; a test here that asks for Redis
 * (testRedisUrl) fails at once. `npm test` (jest.config.js) runs these and everything else.
 */
const { globalSetup: _setup, globalTeardown: _teardown, ...full } = require('./jest.config');

module.exports = { ...full, roots: ['<rootDir>/test/unit'] };

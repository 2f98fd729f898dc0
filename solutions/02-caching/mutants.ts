import { defineMutants } from '../../harness/mutants.ts';

/** Mistakes the 02-caching grader must catch, each as edits to solutions/02-caching. */
export default defineMutants([
  {
    name: 'every entry gets exactly ttlSeconds (no jitter)',
    breaks: 'ttl-jitter',
    edits: [{ file: 'product-cache.ts', find: 'ttlSeconds * 1000 * (0.9 + Math.random() * 0.2)', replace: 'ttlSeconds * 1000' }],
  },
  {
    name: 'the entry is invalidated before the source is written',
    breaks: 'invalidation',
    race: true,
    edits: [
      { file: 'routes.ts', find: "    const stored = await deps.source.put({ id: request.params.id, name, priceCents, tags, attributes });\n    await deps.cache.written(request.params.id, (id) => deps.coherence.publish(id));", replace: "    await deps.cache.written(request.params.id, (id) => deps.coherence.publish(id));\n    const stored = await deps.source.put({ id: request.params.id, name, priceCents, tags, attributes });" },
    ],
  },
  {
    name: 'the lock is released with a plain DEL (no token check)',
    breaks: 'stampede',
    edits: [{ file: 'scripts.ts', find: "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n      return 0", replace: "return redis.call('DEL', KEYS[1])" }],
  },
  {
    name: 'the lock is taken without an expiry',
    breaks: 'stampede',
    edits: [{ file: 'product-cache.ts', find: "redis.set(lock, token, 'PX', this.options.lockTtlMs, 'NX')", replace: "redis.set(lock, token, 'NX')" }],
  },
  {
    name: 'only an in-process map of fills, no lock in Redis',
    breaks: 'stampede',
    edits: [{ file: 'product-cache.ts', find: "if (taken.value === 'OK') {", replace: "if (taken.value === 'OK' || true) {" }],
  },
  {
    name: '"not found" is not cached',
    breaks: 'negative-caching',
    edits: [{ file: 'product-cache.ts', find: 'await this.health.attempt((redis) => redis.storeIfUnchanged(', replace: 'if (json !== NOT_FOUND) await this.health.attempt((redis) => redis.storeIfUnchanged(' }],
  },
  {
    name: 'a cached absence lives as long as any local entry',
    breaks: 'negative-caching',
    edits: [{ file: 'product-cache.ts', find: 'json === NOT_FOUND ? this.options.negativeTtlSeconds * 1000 : undefined', replace: 'undefined' }],
  },
  {
    name: 'the local tier is bounded by bytes only (no entry limit)',
    breaks: 'two-tier',
    edits: [{ file: 'local-tier.ts', find: 'max: options.maxEntries,', replace: 'max: 1_000_000,' }],
  },
  {
    name: 'the local tier has no byte limit',
    breaks: 'two-tier',
    edits: [{ file: 'local-tier.ts', find: 'maxSize: options.maxBytes,', replace: 'maxSize: 1 << 30,' }],
  },
  {
    name: 'no pub/sub: other instances keep their local copies',
    breaks: 'two-tier',
    edits: [{ file: 'coherence.ts', find: 'if (from === channel) local.invalidate(id);', replace: 'void from;' }],
  },
  {
    name: "ioredis' defaults: an offline queue and no command timeout",
    breaks: 'redis-outage',
    edits: [{ file: 'redis-connection.ts', find: '    commandTimeout: timeoutMs,\n    connectTimeout: Math.max(timeoutMs, 500),\n    enableOfflineQueue: false,\n    maxRetriesPerRequest: 0,\n', replace: '' }],
  },
  {
    name: '/health reports the last known state without asking Redis',
    breaks: 'redis-outage',
    edits: [{ file: 'redis-health.ts', find: "    if (this.down) return false;\n    return (await this.attempt((redis) => redis.ping())).ok;", replace: '    return !this.down;' }],
  },
  {
    name: 'the id goes into the key as it is (no encoding)',
    breaks: 'safe-keys',
    edits: [{ file: 'keys.ts', find: '${encodeURIComponent(id)}', replace: '${id}' }],
  },
  {
    name: 'the key ignores schemaVersion',
    breaks: 'safe-keys',
    edits: [{ file: 'keys.ts', find: 'return `${space.keyPrefix}v${space.schemaVersion}:${kind}:', replace: 'return `${space.keyPrefix}v1:${kind}:' }],
  },
  {
    name: "the product's attributes are copied with Object.assign before it is cached",
    breaks: 'safe-keys',
    edits: [{ file: 'product-cache.ts', find: ': JSON.stringify(product);', replace: ': JSON.stringify({ ...product, attributes: Object.assign({}, product.attributes) });' }],
  },
  {
    name: 'hitRatio divides by zero before any read',
    breaks: 'stats',
    edits: [{ file: 'stats.ts', find: 'hitRatio: reads === 0 ? 0 : this.hits / reads', replace: 'hitRatio: this.hits / reads' }],
  },
  // Blind round 1 (2026-11-25): the four of fifteen that got through, each now caught.
  {
    name: 'value size counted in UTF-16 code units (string length) instead of UTF-8 bytes',
    breaks: 'two-tier',
    edits: [
      {
        file: 'local-tier.ts',
        find: 'sizeCalculation: (json) => Math.max(1, Buffer.byteLength(json)),',
        replace: 'sizeCalculation: (json) => Math.max(1, json.length),',
      },
    ],
  },
  {
    name: "invalidation message 'invalidate:<id>' parsed with split(':'): ids holding ':' drop the wrong entry",
    breaks: 'two-tier',
    edits: [
      {
        file: 'coherence.ts',
        find: "    this.subscriber.on('message', (from: string, id: string) => {\n      if (from === channel) local.invalidate(id);\n    });",
        replace:
          "    this.subscriber.on('message', (from: string, message: string) => {\n      if (from !== channel) return;\n      const [action, id = ''] = message.split(':');\n      if (action === 'invalidate') local.invalidate(id);\n    });",
      },
      {
        file: 'coherence.ts',
        find: 'redis.publish(invalidationChannel(this.space), id)',
        replace: 'redis.publish(invalidationChannel(this.space), `invalidate:${id}`)',
      },
    ],
  },
  {
    name: 'readers that join an in-flight fill are counted as hits (a miss only when it starts a fill)',
    breaks: 'stats',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: '    this.stats.misses++;\n    let fill = this.fills.get(id);\n    if (!fill || fill.epoch !== epoch) {\n      const started = { epoch, json: this.fill(id).finally(() => this.fills.get(id) === started && this.fills.delete(id)) };\n      this.fills.set(id, started);\n      fill = started;\n    }',
        replace:
          '    let fill = this.fills.get(id);\n    if (!fill || fill.epoch !== epoch) {\n      this.stats.misses++;\n      const started = { epoch, json: this.fill(id).finally(() => this.fills.get(id) === started && this.fills.delete(id)) };\n      this.fills.set(id, started);\n      fill = started;\n    } else {\n      // Another reader is already filling it: this one costs nothing upstream.\n      this.stats.hits++;\n    }',
      },
    ],
  },
  {
    name: 'PUT spreads the body after the path id, so a body id wins',
    breaks: 'invalidation',
    edits: [
      {
        file: 'routes.ts',
        find: '    const { name, priceCents, tags, attributes } = request.body;\n    const stored = await deps.source.put({ id: request.params.id, name, priceCents, tags, attributes });',
        replace: '    const stored = await deps.source.put({ id: request.params.id, ...request.body });',
      },
    ],
  },
  // Blind round 2: the two of fifteen that got through, each now caught.
  {
    name: 'the filler notes the generation after the source read, right before the conditional store',
    breaks: 'invalidation',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: "    const [current, generation] = state.ok ? state.value : [null, null];\n    if (current !== null && current !== undefined) return current;\n    const json = await this.fromSource(id);\n    const ttlMs = json === NOT_FOUND ? this.options.negativeTtlSeconds * 1000 : jitteredTtlMs(this.options.ttlSeconds);",
        replace: "    const [current] = state.ok ? state.value : [null];\n    if (current !== null && current !== undefined) return current;\n    const json = await this.fromSource(id);\n    const ttlMs = json === NOT_FOUND ? this.options.negativeTtlSeconds * 1000 : jitteredTtlMs(this.options.ttlSeconds);\n    // Store only if no writer bumped the generation: read it as close to the store as possible.\n    const noted = await this.health.attempt((redis) => redis.get(generationKey(this.space, id)));\n    const generation = noted.ok ? noted.value : null;",
      },
    ],
  },
  {
    name: 'a waiter gives a holder ~0.5 s, then deletes its lock before it expires',
    breaks: 'stampede',
    edits: [
      {
        file: 'product-cache.ts',
        find: '    for (;;) {\n      await sleep(WAIT_POLL_MS);',
        replace: '    // Give the holder about half a second, then assume it died.\n    for (let polls = 0; polls < 100; polls++) {\n      await sleep(WAIT_POLL_MS);',
      },
      {
        file: 'product-cache.ts',
        find: '      if (holder === null) return undefined;\n    }\n  }',
        replace: '      if (holder === null) return undefined;\n    }\n    await this.health.attempt((redis) => redis.del(lock));\n    return undefined;\n  }',
      },
    ],
  },
  // Blind round 3: the four of fifteen that got through, each now caught.
  {
    name: 'the generation key expires after ttlSeconds × 1.1 milliseconds (seconds given to PEXPIRE)',
    breaks: 'invalidation',
    race: true,
    edits: [{ file: 'product-cache.ts', find: 'const keepMs = Math.ceil(this.options.ttlSeconds * 1100);', replace: 'const keepMs = Math.ceil(this.options.ttlSeconds * 1.1);' }],
  },
  {
    name: 'a cached absence is stored with PX negativeTtlSeconds (30 ms)',
    breaks: 'negative-caching',
    edits: [{ file: 'product-cache.ts', find: 'const ttlMs = json === NOT_FOUND ? this.options.negativeTtlSeconds * 1000', replace: 'const ttlMs = json === NOT_FOUND ? this.options.negativeTtlSeconds' }],
  },
  {
    name: 'local entries have a sliding TTL (updateAgeOnGet)',
    breaks: 'two-tier',
    edits: [{ file: 'local-tier.ts', find: 'ttl: options.ttlMs,', replace: 'ttl: options.ttlMs,\n            updateAgeOnGet: true,' }],
  },
  {
    name: 'a cached "not found" found in Redis is counted as a miss',
    breaks: 'stats',
    edits: [{ file: 'product-cache.ts', find: 'if (cached.ok && cached.value !== null) {', replace: 'if (cached.ok && cached.value !== null && cached.value !== NOT_FOUND) {' }],
  },
  // Blind round 4: the five of fifteen that got through, each now caught.
  {
    name: "the generation is a 'written' flag SET to 1, not a counter: from the second write on it never changes",
    breaks: 'invalidation',
    race: true,
    edits: [
      {
        file: 'scripts.ts',
        find: "      redis.call('INCR', KEYS[2])\n      redis.call('PEXPIRE', KEYS[2], ARGV[1])",
        replace: "      redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])",
      },
    ],
  },
  {
    name: "a local absence lives negativeTtlSeconds even when that is longer than local.ttlMs",
    breaks: 'two-tier',
    edits: [{ file: 'local-tier.ts', find: '{ ttl: Math.min(ttlMs, this.ttlMs) }', replace: '{ ttl: ttlMs }' }],
  },
  {
    name: "another instance's invalidation deletes the local entry but does not fence fills in flight (no epoch bump)",
    breaks: 'two-tier',
    race: true,
    edits: [
      { file: 'coherence.ts', find: 'if (from === channel) local.invalidate(id);', replace: 'if (from === channel) local.invalidate(id, true);' },
      {
        file: 'local-tier.ts',
        find: '  invalidate(id: string): void {\n    this.epoch++;',
        replace: '  invalidate(id: string, remote = false): void {\n    // Only our own writes can race our own fills.\n    if (!remote) this.epoch++;',
      },
    ],
  },
  {
    name: 'reconnects back off exponentially from 0.5 s up to 30 s',
    breaks: 'redis-outage',
    edits: [{ file: 'redis-connection.ts', find: 'retryStrategy: (attempt) => Math.min(attempt * 50, 500),', replace: 'retryStrategy: (attempt) => Math.min(500 * 2 ** (attempt - 1), 30_000),' }],
  },
  {
    name: 'PUT rejects priceCents 0 (exclusiveMinimum instead of minimum)',
    breaks: 'invalidation',
    edits: [{ file: 'routes.ts', find: "priceCents: { type: 'integer', minimum: 0 },", replace: "priceCents: { type: 'integer', exclusiveMinimum: 0 }," }],
  },
  // Blind round 5: the four of fifteen that got through, each now caught.
  {
    name: 'a waiter whose holder vanished without an entry reads the source itself instead of taking the lock',
    breaks: 'stampede',
    edits: [
      {
        file: 'product-cache.ts',
        find: '      const found = await this.waitForFill(entry, lock);\n      if (found !== undefined) return found;',
        replace: '      const found = await this.waitForFill(entry, lock);\n      // The holder is gone and stored nothing: read the source ourselves.\n      return found ?? (await this.fromSource(id));',
      },
    ],
  },
  {
    name: 'the local tier is off only when maxBytes is 0: maxEntries 0 means an unbounded count',
    breaks: 'two-tier',
    edits: [{ file: 'local-tier.ts', find: 'options.maxEntries > 0', replace: 'options.maxBytes > 0' }],
  },
  {
    name: 'hitRatio rounded to two decimals',
    breaks: 'stats',
    edits: [{ file: 'stats.ts', find: 'hitRatio: reads === 0 ? 0 : this.hits / reads', replace: 'hitRatio: reads === 0 ? 0 : Math.round((this.hits / reads) * 100) / 100' }],
  },
  {
    name: 'the invalidation channel has a fixed name outside the prefix',
    breaks: 'safe-keys',
    edits: [
      {
        file: 'keys.ts',
        find: 'export const invalidationChannel = (space: KeySpace): string => `${space.keyPrefix}v${space.schemaVersion}:invalidations`;',
        replace: "export const invalidationChannel = (_space: KeySpace): string => 'catalog:invalidations';",
      },
    ],
  },
  // Blind round 6: the four that got through, now caught.
  {
    name: 'the generation is kept only lockTtlMs (a fill "cannot outlive its lock")',
    breaks: 'invalidation',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: 'const keepMs = Math.ceil(this.options.ttlSeconds * 1100);',
        replace: '// A generation only matters while a fill is in flight, and a fill holds the lock.\n    const keepMs = this.options.lockTtlMs;',
      },
    ],
  },
  {
    name: "a write also drops the other schema versions' entries with KEYS P v*:product:E",
    breaks: 'safe-keys',
    edits: [
      {
        file: 'product-cache.ts',
        find: '    await publish(id);\n  }',
        replace:
          "    // The product changed for every schema version: drop the entries the other versions hold too.\n    await this.health.attempt(async (redis) => {\n      const stale = await redis.keys(`${this.space.keyPrefix}v*:product:${encodeURIComponent(id)}`);\n      if (stale.length > 0) await redis.del(...stale);\n    });\n    await publish(id);\n  }",
      },
    ],
  },
  {
    name: 'the lock holder does not look at the entry again after taking the lock',
    breaks: 'stampede',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: '    const [current, generation] = state.ok ? state.value : [null, null];\n    if (current !== null && current !== undefined) return current;\n',
        replace: '    const [, generation] = state.ok ? state.value : [null, null];\n',
      },
    ],
  },
  {
    name: 'the write publishes the invalidation before deleting the Redis entry',
    breaks: 'two-tier',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: '    await this.health.attempt((redis) => redis.invalidate(productKey(this.space, id), generationKey(this.space, id), keepMs));\n    await publish(id);',
        replace: '    await publish(id);\n    await this.health.attempt((redis) => redis.invalidate(productKey(this.space, id), generationKey(this.space, id), keepMs));',
      },
    ],
  },
  // Blind round 7: seven of fifteen got through, now caught.
  {
    name: 'while Redis is unreachable each reader goes straight to the source (in-flight fills not shared)',
    breaks: 'redis-outage',
    edits: [
      {
        file: 'product-cache.ts',
        find: '    this.stats.misses++;\n    let fill = this.fills.get(id);',
        replace:
          '    this.stats.misses++;\n    if (!cached.ok) {\n      // Redis is unreachable: there is no lock to take, go straight to the source.\n      const json = await this.fromSource(id);\n      this.remember(id, json, epoch);\n      return json;\n    }\n    let fill = this.fills.get(id);',
      },
    ],
  },
  {
    name: 'commandTimeout is 3 × redisTimeoutMs ("some slack for slow networks")',
    breaks: 'redis-outage',
    edits: [{ file: 'redis-connection.ts', find: '    commandTimeout: timeoutMs,', replace: '    commandTimeout: timeoutMs * 3,' }],
  },
  {
    name: "the local tier's byte budget counts each entry's key as well as its value",
    breaks: 'two-tier',
    edits: [
      {
        file: 'local-tier.ts',
        find: '            sizeCalculation: (json) => Math.max(1, Buffer.byteLength(json)),',
        replace: '            sizeCalculation: (json, id) => Math.max(1, Buffer.byteLength(id) + Buffer.byteLength(json)),',
      },
    ],
  },
  {
    name: 'the lock key holds the raw id (only the product key is encoded)',
    breaks: 'safe-keys',
    edits: [
      {
        file: 'keys.ts',
        find: "export const lockKey = (space: KeySpace, id: string): string => key(space, 'lock', id);",
        replace: 'export const lockKey = (space: KeySpace, id: string): string => `${space.keyPrefix}v${space.schemaVersion}:lock:${id}`;',
      },
    ],
  },
  {
    name: 'a cached absence is stored with a plain SET (only products go through the generation check)',
    breaks: 'invalidation',
    edits: [
      {
        file: 'product-cache.ts',
        find: "    await this.health.attempt((redis) => redis.storeIfUnchanged(entry, generationKey(this.space, id), generation ?? '', json, ttlMs));",
        replace:
          "    await this.health.attempt(async (redis) =>\n      json === NOT_FOUND ? await redis.set(entry, json, 'PX', ttlMs) : await redis.storeIfUnchanged(entry, generationKey(this.space, id), generation ?? '', json, ttlMs),\n    );",
      },
    ],
  },
  {
    name: 'an absence found in Redis is kept in the local tier for the full local.ttlMs',
    breaks: 'negative-caching',
    edits: [{ file: 'product-cache.ts', find: '      this.remember(id, cached.value, epoch);', replace: '      this.local.set(id, cached.value, epoch);' }],
  },
  {
    name: 'PUT rejects attributes named constructor, prototype or __proto__ ("prototype-pollution hardening")',
    breaks: 'safe-keys',
    edits: [
      {
        file: 'routes.ts',
        find: "    attributes: { type: 'object', additionalProperties: { type: 'string' } },",
        replace: "    attributes: { type: 'object', additionalProperties: { type: 'string' }, propertyNames: { not: { enum: ['__proto__', 'constructor', 'prototype'] } } },",
      },
    ],
  },
  // Blind round 8: nine of fifteen got through, now caught.
  {
    name: 'jitter picks one of three TTL buckets (0.9, 1.0, 1.1 × ttl) instead of a uniform draw',
    breaks: 'ttl-jitter',
    edits: [{ file: 'product-cache.ts', find: 'Math.round(ttlSeconds * 1000 * (0.9 + Math.random() * 0.2))', replace: 'Math.round(ttlSeconds * 1000 * (0.9 + Math.round(Math.random() * 2) * 0.1))' }],
  },
  {
    name: 'the recovery probe runs every 10 × redisTimeoutMs',
    breaks: 'redis-outage',
    edits: [{ file: 'index.ts', find: 'Math.max(50, options.redisTimeoutMs)', replace: 'Math.max(50, options.redisTimeoutMs * 10)' }],
  },
  {
    name: 'reconnecting gives up after 20 attempts',
    breaks: 'redis-outage',
    edits: [{ file: 'redis-connection.ts', find: 'retryStrategy: (attempt) => Math.min(attempt * 50, 500),', replace: 'retryStrategy: (attempt) => (attempt > 20 ? null : Math.min(attempt * 50, 500)),' }],
  },
  {
    name: 'the subscriber does not subscribe again after a reconnect (autoResubscribe off)',
    breaks: 'redis-outage',
    edits: [{ file: 'redis-connection.ts', find: '    maxRetriesPerRequest: 0,\n', replace: '    maxRetriesPerRequest: 0,\n    autoResubscribe: false,\n' }],
  },
  {
    name: 'the local epoch is noted after the Redis GET answers',
    breaks: 'two-tier',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: '    const epoch = this.local.epoch;\n    const cached = await this.health.attempt((redis) => redis.get(productKey(this.space, id)));',
        replace: '    const cached = await this.health.attempt((redis) => redis.get(productKey(this.space, id)));\n    const epoch = this.local.epoch;',
      },
    ],
  },
  {
    name: 'the writer DELs the entry, then INCRs the generation in separate commands',
    breaks: 'invalidation',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: '    await this.health.attempt((redis) => redis.invalidate(productKey(this.space, id), generationKey(this.space, id), keepMs));',
        replace:
          '    await this.health.attempt((redis) => redis.del(productKey(this.space, id)));\n    await this.health.attempt(async (redis) => {\n      await redis.incr(generationKey(this.space, id));\n      await redis.pexpire(generationKey(this.space, id), keepMs);\n    });',
      },
    ],
  },
  {
    name: 'upstreamCalls counts only the lock holder\'s source reads (outage fallbacks uncounted)',
    breaks: 'stats',
    edits: [
      { file: 'product-cache.ts', find: '    this.stats.upstreamCalls++;\n    const product', replace: '    const product' },
      { file: 'product-cache.ts', find: '    const json = await this.fromSource(id);', replace: '    this.stats.upstreamCalls++;\n    const json = await this.fromSource(id);' },
    ],
  },
  {
    name: 'PUT treats attributes as optional (defaults to {})',
    breaks: 'invalidation',
    edits: [
      { file: 'routes.ts', find: "required: ['name', 'priceCents', 'tags', 'attributes'],", replace: "required: ['name', 'priceCents', 'tags']," },
      { file: 'routes.ts', find: 'const { name, priceCents, tags, attributes } = request.body;', replace: 'const { name, priceCents, tags, attributes = {} } = request.body;' },
    ],
  },
  {
    name: 'absences are cached in Redis only, never in the local tier',
    breaks: 'negative-caching',
    edits: [
      {
        file: 'product-cache.ts',
        find: '    this.local.set(id, json, epoch, json === NOT_FOUND ? this.options.negativeTtlSeconds * 1000 : undefined);',
        replace: '    if (json !== NOT_FOUND) this.local.set(id, json, epoch);',
      },
    ],
  },
  // Blind round 9: four of fifteen got through, now caught.
  {
    name: 'jitter is the mean of two random draws (triangular over ±10%, not uniform)',
    breaks: 'ttl-jitter',
    edits: [{ file: 'product-cache.ts', find: 'ttlSeconds * 1000 * (0.9 + Math.random() * 0.2)', replace: 'ttlSeconds * 1000 * (0.9 + (Math.random() + Math.random()) * 0.1)' }],
  },
  {
    name: 'upstreamCalls counts fills started, not source reads (a fill that waited for another instance counts too)',
    breaks: 'stats',
    edits: [
      { file: 'product-cache.ts', find: '    if (!fill || fill.epoch !== epoch) {\n      const started', replace: '    if (!fill || fill.epoch !== epoch) {\n      this.stats.upstreamCalls++;\n      const started' },
      { file: 'product-cache.ts', find: '    this.stats.upstreamCalls++;\n    const product', replace: '    const product' },
    ],
  },
  {
    name: 'a waiter whose poll fails keeps polling until Redis answers again',
    breaks: 'redis-outage',
    edits: [{ file: 'product-cache.ts', find: '      if (!polled.ok) return undefined;', replace: '      if (!polled.ok) continue;' }],
  },
  {
    name: 'the holder lets go of the lock as soon as the source answered, then stores the entry',
    breaks: 'stampede',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: '        try {\n          return await this.fillHolding(id, entry);\n        } finally {\n          await this.health.attempt((redis) => redis.releaseLock(lock, token));\n        }',
        replace:
          '        const release = async (): Promise<void> => {\n          await this.health.attempt((redis) => redis.releaseLock(lock, token));\n        };\n        try {\n          return await this.fillHolding(id, entry, release);\n        } catch (error) {\n          await release();\n          throw error;\n        }',
      },
      {
        file: 'product-cache.ts',
        find: '  private async fillHolding(id: string, entry: string): Promise<CachedJson> {',
        replace: '  private async fillHolding(id: string, entry: string, release: () => Promise<void>): Promise<CachedJson> {',
      },
      {
        file: 'product-cache.ts',
        find: '    if (current !== null && current !== undefined) return current;\n    const json = await this.fromSource(id);\n',
        replace: '    if (current !== null && current !== undefined) {\n      await release();\n      return current;\n    }\n    const json = await this.fromSource(id);\n    await release();\n',
      },
    ],
  },
  // Blind round 10: the eight that got through, now caught, and a reference bug the round's writer
  // found by reading (a late reader joined an old fill).
  {
    name: 'DELETE of a product the source no longer has answers 404 before invalidating the cache',
    breaks: 'invalidation',
    race: true,
    edits: [
      {
        file: 'routes.ts',
        find: "    const existed = await deps.source.delete(request.params.id);\n    await deps.cache.written(request.params.id, (id) => deps.coherence.publish(id));\n    if (!existed) return sendProblem(reply, 404, 'Product not found', `There is no product '${request.params.id}'.`);",
        replace: "    const existed = await deps.source.delete(request.params.id);\n    // Nothing was deleted: nothing to invalidate.\n    if (!existed) return sendProblem(reply, 404, 'Product not found', `There is no product '${request.params.id}'.`);\n    await deps.cache.written(request.params.id, (id) => deps.coherence.publish(id));",
      },
    ],
  },
  {
    name: 'upstreamCalls also counts the source writes of PUT and DELETE',
    breaks: 'stats',
    edits: [
      {
        file: 'routes.ts',
        find: '    const stored = await deps.source.put({ id: request.params.id, name, priceCents, tags, attributes });',
        replace: '    const stored = await deps.source.put({ id: request.params.id, name, priceCents, tags, attributes });\n    deps.stats.upstreamCalls++;',
      },
      {
        file: 'routes.ts',
        find: '    const existed = await deps.source.delete(request.params.id);',
        replace: '    const existed = await deps.source.delete(request.params.id);\n    deps.stats.upstreamCalls++;',
      },
    ],
  },
  {
    name: 'PUT rejects an empty name (minLength 1)',
    breaks: 'invalidation',
    edits: [{ file: 'routes.ts', find: "    name: { type: 'string' },", replace: "    name: { type: 'string', minLength: 1 }," }],
  },
  {
    name: "Fastify's prototype-poisoning guard is turned off so attributes named __proto__ get through",
    breaks: 'safe-keys',
    edits: [{ file: 'index.ts', find: '    logger: false,', replace: "    logger: false,\n    // Supplier attributes may be named __proto__ (SPEC): do not refuse them.\n    onProtoPoisoning: 'ignore'," }],
  },
  {
    name: 'jitter is a whole percent from -10 to +10 (21 TTL values, 3 s apart at 300 s)',
    breaks: 'ttl-jitter',
    edits: [
      { file: 'product-cache.ts', find: "import { randomBytes } from 'node:crypto';", replace: "import { randomBytes, randomInt } from 'node:crypto';" },
      { file: 'product-cache.ts', find: 'ttlSeconds * 1000 * (0.9 + Math.random() * 0.2)', replace: 'ttlSeconds * 1000 * (0.9 + randomInt(0, 21) / 100)' },
    ],
  },
  {
    name: "a local absence's TTL is given to lru-cache in seconds (lives 30 ms)",
    breaks: 'negative-caching',
    edits: [
      {
        file: 'product-cache.ts',
        find: 'this.local.set(id, json, epoch, json === NOT_FOUND ? this.options.negativeTtlSeconds * 1000 : undefined);',
        replace: 'this.local.set(id, json, epoch, json === NOT_FOUND ? this.options.negativeTtlSeconds : undefined);',
      },
    ],
  },
  {
    name: 'a reader joins a fill in flight whatever invalidation came after it began',
    breaks: 'invalidation',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: '    if (!fill || fill.epoch !== epoch) {',
        replace: '    if (!fill) {',
      },
    ],
  },
  {
    name: 'the filler checks the generation with a GET, then stores with a plain SET (check-then-set, not atomic)',
    breaks: 'invalidation',
    race: true,
    edits: [
      {
        file: 'product-cache.ts',
        find: "    await this.health.attempt((redis) => redis.storeIfUnchanged(entry, generationKey(this.space, id), generation ?? '', json, ttlMs));",
        replace: "    await this.health.attempt(async (redis) => {\n      const now = await redis.get(generationKey(this.space, id));\n      if ((now ?? '') === (generation ?? '')) await redis.set(entry, json, 'PX', ttlMs);\n    });",
      },
    ],
  },
]);

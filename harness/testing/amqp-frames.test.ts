import { describe, expect, it } from 'vitest';
import { AmqpFrameCounter } from './amqp-frames.ts';
import type { RelayedConnection } from './tcp-relay.ts';

/** An AMQP frame: type, channel, size, payload, frame-end. */
function frame(type: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(7);
  head.writeUInt8(type, 0);
  head.writeUInt16BE(1, 1);
  head.writeUInt32BE(payload.length, 3);
  return Buffer.concat([head, payload, Buffer.from([0xce])]);
}

function method(classId: number, methodId: number): Buffer {
  const payload = Buffer.alloc(12);
  payload.writeUInt16BE(classId, 0);
  payload.writeUInt16BE(methodId, 2);
  return frame(1, payload);
}

const connection = (): RelayedConnection => ({ holdReplies: () => {}, releaseReplies: () => {} });

describe('AmqpFrameCounter', () => {
  it('counts publishes from the client after its protocol header, and deliveries from the broker, across split chunks', () => {
    const counter = new AmqpFrameCounter();
    const client = connection();
    const fromClient = Buffer.concat([Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'), method(60, 40), frame(2, Buffer.alloc(14)), frame(3, Buffer.from('{}')), method(60, 40), method(60, 80)]);
    // Byte by byte: every frame and the header are split.
    for (let i = 0; i < fromClient.length; i++) counter.hooks.fromClient!(fromClient.subarray(i, i + 1), client);
    const fromServer = Buffer.concat([method(60, 60), frame(8, Buffer.alloc(0)), method(60, 60), method(10, 50)]);
    counter.hooks.fromServer!(fromServer.subarray(0, 10), client);
    counter.hooks.fromServer!(fromServer.subarray(10), client);
    expect(counter.count('basic.publish')).toBe(2);
    expect(counter.count('basic.ack')).toBe(1);
    expect(counter.count('basic.deliver')).toBe(2);
    // A second connection has its own header and state.
    counter.hooks.fromClient!(Buffer.concat([Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'), method(60, 40)]), connection());
    expect(counter.count('basic.publish')).toBe(3);
  });

  it('says so when the stream is not AMQP frames', () => {
    const counter = new AmqpFrameCounter();
    const broken = Buffer.concat([Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'), method(60, 40).subarray(0, 19), Buffer.from([0x00])]);
    expect(() => counter.hooks.fromClient!(broken, connection())).toThrow(/frame-end/);
  });
});

import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/node/framed-connection.js';
import { parseClientRequest, parseControlRequest } from '../../src/node/requests.js';

describe('client requests', () => {
  it('parses read, write and cas', () => {
    expect(parseClientRequest('{"id":1,"clientId":"a","seq":1,"op":"read","key":"k"}')).toEqual({
      id: 1,
      clientId: 'a',
      seq: 1,
      op: 'read',
      key: 'k',
    });
    expect(parseClientRequest('{"id":2,"clientId":"a","seq":2,"op":"write","key":"k","value":3}')).toMatchObject({ value: 3 });
    expect(parseClientRequest('{"id":3,"clientId":"a","seq":3,"op":"cas","key":"k","value":[3,4]}')).toMatchObject({ value: [3, 4] });
  });

  it.each([
    ['not json', /frame is not JSON/],
    ['[1]', /client request is not an object/],
    ['{"clientId":"a"}', /"id" must be an integer/],
    ['{"id":1,"clientId":"","seq":1,"op":"read","key":"k"}', /"clientId" must be a non-empty string/],
    ['{"id":1,"clientId":"a","seq":1.5,"op":"read","key":"k"}', /"seq" must be an integer, got 1.5/],
    ['{"id":1,"clientId":"a","seq":1,"op":"write","key":"k","value":"x"}', /write "value" must be a number, got "x"/],
    ['{"id":1,"clientId":"a","seq":1,"op":"cas","key":"k","value":[1]}', /cas "value" must be \[from, to\]/],
    ['{"id":1,"clientId":"a","seq":1,"op":"delete","key":"k"}', /"op" must be "read", "write" or "cas", got "delete"/],
  ])('rejects %s', (body, message) => {
    expect(() => parseClientRequest(body)).toThrow(ProtocolError);
    expect(() => parseClientRequest(body)).toThrow(message);
  });
});

describe('control requests', () => {
  it('parses status, clock and stop', () => {
    expect(parseControlRequest('{"id":1,"cmd":"status"}')).toEqual({ id: 1, cmd: 'status' });
    expect(parseControlRequest('{"id":2,"cmd":"clock","offsetMs":-50,"rate":1.5}')).toEqual({
      id: 2,
      cmd: 'clock',
      offsetMs: -50,
      rate: 1.5,
    });
    expect(parseControlRequest('{"id":3,"cmd":"stop"}')).toEqual({ id: 3, cmd: 'stop' });
  });

  it('rejects an unknown command or a bad clock', () => {
    expect(() => parseControlRequest('{"id":1,"cmd":"reboot"}')).toThrow(/"cmd" must be .* got "reboot"/);
    expect(() => parseControlRequest('{"id":1,"cmd":"clock","offsetMs":"x","rate":1}')).toThrow(/"offsetMs" must be a number/);
  });
});

import http from 'node:http';
import https from 'node:https';
import { ReusedAgent } from './ReusedAgent';

describe('ReusedAgent', () => {
  it('sends every call over one keep-alive agent with the same settings', () => {
    const agents = new ReusedAgent();
    const first = agents.for(new https.Agent({ ca: 'ca-1', keepAlive: false }));
    const second = agents.for(new https.Agent({ ca: 'ca-1' }));
    expect(second).toBe(first);
    expect(first).toBeInstanceOf(https.Agent);
    expect((first as any).keepAlive).toBe(true);
    expect((first as any).options.ca).toBe('ca-1');

    const plain = new ReusedAgent();
    const overHttp = plain.for(new http.Agent());
    expect(plain.for(new http.Agent())).toBe(overHttp);
    expect(overHttp).not.toBeInstanceOf(https.Agent);
  });

  it('makes a new agent when the TLS settings change, and closes the old one', () => {
    const agents = new ReusedAgent();
    const first = agents.for(new https.Agent({ ca: 'ca-1', cert: 'cert-1' }))!;
    const destroy = jest.spyOn(first, 'destroy');
    const rotated = agents.for(new https.Agent({ ca: 'ca-1', cert: 'cert-2' }));
    expect(rotated).not.toBe(first);
    expect(destroy).toHaveBeenCalled();
    expect((rotated as any).options.cert).toBe('cert-2');
  });

  it('uses any other agent (a proxy’s) as given', () => {
    class ProxyAgent extends http.Agent {}
    const proxy = new ProxyAgent();
    expect(new ReusedAgent().for(proxy)).toBe(proxy);
    expect(new ReusedAgent().for(undefined)).toBeUndefined();
  });
});

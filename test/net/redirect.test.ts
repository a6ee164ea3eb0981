import { describe, expect, it } from 'vitest';
import { redirectHop } from '../../src/net/redirect.js';

const hub = new URL('https://huggingface.co/o/r/resolve/abc/model.onnx');
const local = new URL('http://127.0.0.1:9000/api/files/1');

describe('redirectHop: where a token-carrying request may follow a redirect', () => {
  it('keeps the credentials on their own origin only', () => {
    expect(redirectHop(hub, hub, '/o/r/resolve/abc/other.onnx')).toMatchObject({ credentials: true });
    const cdn = redirectHop(hub, hub, 'https://cdn-lfs.hf.co/repos/x?X-Amz-Signature=1');
    expect(cdn).toMatchObject({ credentials: false });
    expect(cdn.url.host).toBe('cdn-lfs.hf.co');
    // Same host, another port or scheme is another origin.
    expect(redirectHop(hub, hub, 'https://huggingface.co:8443/x')).toMatchObject({ credentials: false });
    expect(redirectHop(local, local, 'http://127.0.0.1:9001/x')).toMatchObject({ credentials: false });
    expect(redirectHop(local, local, '/other')).toMatchObject({ credentials: true });
  });

  it('never leaves https for http, on the same host or another', () => {
    for (const location of ['http://huggingface.co/o/r/model.onnx', 'http://evil.example/x', 'HTTP://evil.example']) {
      expect(() => redirectHop(hub, hub, location)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
    // Once a hop went to https elsewhere, a later hop back to http is refused too.
    const cdn = new URL('https://cdn.example/x');
    expect(() => redirectHop(local, cdn, 'http://127.0.0.1:9000/back')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('refuses other schemes and broken or missing locations', () => {
    for (const location of ['file:///etc/passwd', 'ftp://x.example/f', 'gopher://x.example/', 'javascript:alert(1)']) {
      expect(() => redirectHop(hub, hub, location)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
    expect(() => redirectHop(hub, hub, null)).toThrow(expect.objectContaining({ code: 'unavailable' }));
    expect(() => redirectHop(hub, hub, 'http://[::1')).toThrow(expect.objectContaining({ code: 'unavailable' }));
  });
});

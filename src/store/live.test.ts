// The Live screen's endpoint and link rules (src/store/live.ts), without a browser.
import { describe, expect, it } from 'vitest';
import { normaliseEndpoint, parseLiveLink } from './live';

describe('normaliseEndpoint', () => {
  it('takes the URL kms-server printed, with or without a trailing slash', () => {
    expect(normaliseEndpoint('http://127.0.0.1:4599')).toEqual({ url: 'http://127.0.0.1:4599' });
    expect(normaliseEndpoint(' http://127.0.0.1:4599/ ')).toEqual({ url: 'http://127.0.0.1:4599' });
    expect(normaliseEndpoint('https://lab.example/kms/')).toEqual({ url: 'https://lab.example/kms' });
  });
  it('refuses what is not an endpoint, and says why', () => {
    expect(normaliseEndpoint('127.0.0.1:4599')).toEqual({ error: expect.stringMatching(/not a URL|must be http/) });
    expect(normaliseEndpoint('javascript:alert(1)')).toEqual({ error: expect.stringContaining('must be http:// or https://') });
    expect(normaliseEndpoint('file:///etc/passwd')).toEqual({ error: expect.stringContaining('must be http:// or https://') });
    expect(normaliseEndpoint('http://u:p@127.0.0.1:4599')).toEqual({ error: expect.stringContaining('user name or password') });
    expect(normaliseEndpoint('http://127.0.0.1:4599/?token=x')).toEqual({ error: expect.stringContaining('the token has its own field') });
    expect(normaliseEndpoint('')).toEqual({ error: expect.stringContaining('is not a URL') });
    expect('error' in normaliseEndpoint('x'.repeat(100_000))).toBe(true);
  });
});

describe('parseLiveLink', () => {
  it('reads #live=<endpoint>[&token=<token>], encoded or not', () => {
    expect(parseLiveLink('live=http://127.0.0.1:4599')).toEqual({ endpoint: 'http://127.0.0.1:4599', token: '' });
    expect(parseLiveLink('live=http%3A%2F%2F127.0.0.1%3A4599&token=a-b_c')).toEqual({ endpoint: 'http://127.0.0.1:4599', token: 'a-b_c' });
    expect(parseLiveLink('live=http://127.0.0.1:4599&token=%E0%A4%A')).toEqual({ endpoint: 'http://127.0.0.1:4599', token: '%E0%A4%A' });
  });
});

/*
 * The WebDAV transport (transport.js's interface): PROPFIND Depth 1 to
 * list, GET, PUT with If-None-Match: * to write a new file, MOVE with
 * Overwrite: F to rename, MKCOL, DELETE. Works in the worker (fetch, no
 * DOMParser there: the PROPFIND answer is read with a small tolerant
 * reader of the DAV: elements it needs) and under node.
 *
 * Credentials go as HTTP Basic on every request; the folder URL and the
 * password are kept in this browser only (the Team sync settings).
 */
import { SyncError } from './errors.js';
import { ioError } from './transport.js';

export class WebDavTransport {
  /* url: the team folder ("https://nas.local/dav/genjin-team/"); user and
   * password: Basic credentials, or none; fetchImpl: fetch (tests). */
  constructor({ url, user, password, fetchImpl }) {
    let base;
    try {
      base = new URL(url);
    } catch (e) {
      throw new SyncError('invalid', 'sync_bad_url', `not a folder URL: ${url}`, { value: url });
    }
    if (!/^https?:$/.test(base.protocol)) throw new SyncError('invalid', 'sync_bad_url', `not an http(s) URL: ${url}`, { value: url });
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.fetch = fetchImpl || globalThis.fetch.bind(globalThis);
    this.auth = user ? `Basic ${base64(new TextEncoder().encode(`${user}:${password || ''}`))}` : null;
  }

  href(path) {
    return new URL(path.split('/').map(encodeURIComponent).join('/'), this.base).href;
  }

  async request(method, path, { headers = {}, body } = {}) {
    const h = { ...headers };
    if (this.auth) h.Authorization = this.auth;
    let res;
    try {
      res = await this.fetch(this.href(path), { method, headers: h, body, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      // fetch says only "failed": no server, no network, or a server on
      // another origin that does not allow this one (CORS, docs/sync.md).
      throw ioError('sync_unreachable', `${method} ${this.href(path)} failed: ${e.message}`, { url: this.base.href });
    }
    if (res.status === 401 || res.status === 403) {
      throw ioError('sync_auth', `${method} ${path}: ${res.status}`, { url: this.base.href, status: res.status });
    }
    return res;
  }

  fail(method, path, res) {
    return ioError('sync_http', `${method} ${path}: HTTP ${res.status}`, { file: path, status: res.status, method });
  }

  async list(dir) {
    const path = dir.replace(/\/?$/, '/');
    const res = await this.request('PROPFIND', path === '/' ? '' : path, {
      headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
      body: '<?xml version="1.0" encoding="utf-8"?><propfind xmlns="DAV:"><prop><resourcetype/><getcontentlength/></prop></propfind>',
    });
    if (res.status === 404) return [];
    if (res.status !== 207) throw this.fail('PROPFIND', path, res);
    const self = new URL(this.href(path === '/' ? '' : path)).pathname;
    return parseMultistatus(await res.text(), self);
  }

  async get(path) {
    const res = await this.request('GET', path);
    if (res.status === 404) throw new SyncError('invalid', 'sync_not_found', `${path} is not in the folder`, { file: path });
    if (!res.ok) throw this.fail('GET', path, res);
    return new Uint8Array(await res.arrayBuffer());
  }

  async putIfAbsent(path, bytes) {
    const res = await this.request('PUT', path, {
      headers: { 'If-None-Match': '*', 'Content-Type': 'application/octet-stream' }, body: bytes,
    });
    if (res.status === 412) throw exists(path);
    // 409 (RFC 4918; Apache) or 404 (rclone): the folder it goes in is missing
    if (res.status === 409 || res.status === 404) throw ioError('sync_no_parent', `PUT ${path}: its folder is missing`, { file: path });
    if (!res.ok) throw this.fail('PUT', path, res);
  }

  async rename(from, to) {
    const res = await this.request('MOVE', from, { headers: { Destination: this.href(to), Overwrite: 'F' } });
    if (res.status === 412) throw exists(to);
    if (!res.ok) throw this.fail('MOVE', from, res);
  }

  async makeDir(dir) {
    const res = await this.request('MKCOL', dir.replace(/\/?$/, '/'));
    // 405: it exists already; 409: its parent does not (RFC 4918 9.3.1),
    // which for the first level is the team folder the user names
    if (res.status === 409) throw ioError('sync_no_folder', `MKCOL ${dir}: the team folder is missing`, { url: this.base.href });
    if (!res.ok && res.status !== 405) throw this.fail('MKCOL', dir, res);
  }

  async remove(path) {
    const res = await this.request('DELETE', path);
    if (!res.ok && res.status !== 404) throw this.fail('DELETE', path, res);
  }
}

function exists(path) {
  return new SyncError('conflict', 'sync_exists', `${path} is already in the folder`, { file: path });
}

/* The direct entries of a PROPFIND Depth 1 answer, without the folder
 * itself (selfPath, its URL path): [{name, size, dir}]. */
export function parseMultistatus(xml, selfPath) {
  const out = [];
  const tag = (name) => new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*?(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>)`, 'i');
  const responses = xml.match(/<(?:[\w.-]+:)?response\b[\s\S]*?<\/(?:[\w.-]+:)?response>/gi) || [];
  const norm = (p) => decodeURIComponent(p).replace(/\/+$/, '');
  for (const r of responses) {
    const href = (r.match(tag('href')) || [])[1];
    if (!href) continue;
    const path = new URL(unescapeXml(href.trim()), 'http://x/').pathname;
    if (norm(path) === norm(selfPath)) continue;
    const type = (r.match(tag('resourcetype')) || [])[1] || '';
    const size = Number((r.match(tag('getcontentlength')) || [])[1]);
    const name = norm(path).split('/').pop();
    const dir = /collection\b/i.test(type);
    out.push({ name, size: !dir && Number.isFinite(size) ? size : null, dir });
  }
  return out;
}

function unescapeXml(s) {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m, e) => {
    const named = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

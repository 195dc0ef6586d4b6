'use strict';
// One page per invocation, as the 0.1 CLI asks for it (openshell-0.1.md §5.1, §5.10): --page-size (0 or
// absent = 100, at most 1000, negative rejected) and --page-token. The token is opaque to callers:
// base64url of "v1:<offset>:<binding>", where the binding is a short hash of the query (command, workspace
// scope, selector), so a token only continues the query that produced it; anything else is the gateway's
// InvalidArgument. The last page's next_page_token is "".
const crypto = require('crypto');
const { GrpcError } = require('./errors');

const DEFAULT_SIZE = 100;
const MAX_SIZE = 1000;

const bindingOf = (query) => crypto.createHash('sha256').update(JSON.stringify(query)).digest('hex').slice(0, 12);
const encode = (offset, binding) => Buffer.from(`v1:${offset}:${binding}`).toString('base64url');

function offsetOf(token, binding) {
  if (token === undefined || token === '') return 0;
  const m = /^v1:(\d+):([0-9a-f]{12})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  // the gateway's message text is not in the reference (§5.1, "message I")
  if (!m || m[2] !== binding || encode(Number(m[1]), m[2]) !== token) throw new GrpcError('InvalidArgument', 'invalid page token');
  return Number(m[1]);
}

function sizeOf(pageSize) {
  if (pageSize === undefined || pageSize === 0) return DEFAULT_SIZE;
  if (pageSize < 0) throw new GrpcError('InvalidArgument', 'page_size must not be negative'); // text approximate
  return Math.min(pageSize, MAX_SIZE);
}

/**
 * The page of `items` (already in gateway order) that --page-size/--page-token select for `query`.
 * @returns {{items: any[], next: string}}
 */
function page(items, values, query) {
  const binding = bindingOf(query);
  const size = sizeOf(values.pageSize);
  const offset = offsetOf(values.pageToken, binding);
  const end = offset + size;
  return { items: items.slice(offset, end), next: end < items.length ? encode(end, binding) : '' };
}

/** paginated_collection_value: the collection first, then next_page_token (always present). */
const envelope = (key, items, next) => ({ [key]: items, next_page_token: next });

/** Tables print the continuation token on stderr, before the table. */
function printNext(ctx, next) {
  if (next) ctx.err(`Next page token: ${next}\n`);
}

module.exports = { page, envelope, printNext, DEFAULT_SIZE, MAX_SIZE };

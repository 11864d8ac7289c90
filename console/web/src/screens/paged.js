// A list read page by page: the first page through useApi, the next ones appended on demand
// with the previous page's `next_cursor`. Changing the path or params starts again.
//
//   const logs = usePaged('/api/v1/logs', params, 'logs')
//   logs.items, logs.loadMore(), logs.hasMore, logs.loadingMore, logs.moreError (+ useApi's fields)
import { useState } from '../lib/html.js';
import { api, useApi } from '../lib/api.js';

export function usePaged(path, params, itemsKey, { enabled = true } = {}) {
  const first = useApi(path, params, { enabled });
  const key = path + JSON.stringify(params);
  const [more, setMore] = useState(null);
  const extra = more && more.key === key ? more : { key, items: [], cursor: undefined, loading: false, error: null };
  const items = first.data ? [...(first.data[itemsKey] || []), ...extra.items] : undefined;
  const cursor = extra.cursor !== undefined ? extra.cursor : first.data && first.data.next_cursor;

  const loadMore = async () => {
    if (!cursor || extra.loading) return;
    setMore({ ...extra, loading: true, error: null });
    try {
      const page = await api.get(path, { ...params, cursor });
      setMore((m) => (m && m.key !== key ? m : {
        key, items: [...extra.items, ...(page[itemsKey] || [])], cursor: page.next_cursor || null,
        loading: false, error: null,
      }));
    } catch (error) {
      setMore((m) => (m && m.key !== key ? m : { ...extra, loading: false, error }));
    }
  };
  return { ...first, items, hasMore: !!cursor, loadMore, loadingMore: extra.loading, moreError: extra.error };
}

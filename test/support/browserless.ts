// A person's browser reduced to HTTP: a cookie jar, forms posted with their CSRF token, pages read as text. For
// page tests that check what the server does (security rules); the browser suites check what people see.
export class Visitor {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; location: string | null; html: string; setCookies: string[] }> {
    const res = await fetch(new URL(path, this.base), {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), setCookies };
  }

  /** Opens a page and posts its form (the one whose action is `action`) with these fields and its CSRF token. */
  async submit(pagePath: string, action: string, fields: Record<string, string>) {
    const page = await this.request(pagePath);
    return this.request(action, { form: { _csrf: csrfOf(page.html), ...fields } });
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

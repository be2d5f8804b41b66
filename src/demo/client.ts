// A small HTTP client for the demo seed: it drives the API as its users would (the seed's quotations and contracts
// go through their real workflows), and the test fixtures drive it the same way.
export interface ApiAnswer {
  status: number;
  body: any;
}

export type Request = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<ApiAnswer>;

export function httpRequest(baseUrl: string): Request {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

// A one-file multipart upload (form field `file`).
export async function uploadOne(
  baseUrl: string,
  path: string,
  token: string,
  name: string,
  content: Buffer | string,
): Promise<ApiAnswer> {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: await response.json() };
}

// The answer, when it has the wanted status; otherwise an error naming what failed and why.
export function expectStatus(answer: ApiAnswer, status: number, what: string): any {
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

// A command's outcome: its answer when it finished in time (200), or, when it was accepted as pending (202), what
// its command resource reports once it has finished. A refusal is an error naming what was refused.
export async function commandResult(request: Request, token: string, answer: ApiAnswer, what: string): Promise<any> {
  if (answer.status !== 202) return expectStatus(answer, 200, what);
  const location = answer.body.location as string;
  for (let attempt = 0; attempt < 600; attempt++) {
    const outcome = expectStatus(await request('GET', location, { token }), 200, `${what} (outcome)`);
    if (outcome.state === 'succeeded') return outcome.result;
    if (outcome.state !== 'pending') throw new Error(`${what}: ${JSON.stringify(outcome)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: still pending after two minutes`);
}

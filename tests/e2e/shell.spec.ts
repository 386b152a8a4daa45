import { expect, test } from './fixtures';

test('loads the app shell through web mode', async ({ page, app }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });

  await app.open();
  await expect(page).toHaveTitle('Stackdeck');
  await expect(page.getByTestId('app-shell')).toBeVisible();
  // The token moved from the address bar into the HttpOnly cookie.
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(errors).toEqual([]);
});

test('the page reaches core over the WebSocket with its cookie', async ({ page, app }) => {
  await app.open();
  // A raw socket from the page: same origin, token only in the HttpOnly cookie.
  const reply = await page.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/api/ws`);
        ws.onopen = () =>
          ws.send(JSON.stringify({ id: 1, type: 'call', name: 'connections.profiles.list', input: {} }));
        ws.onmessage = (event) => {
          resolve(JSON.parse(String(event.data)));
          ws.close();
        };
        ws.onerror = () => reject(new Error('WebSocket refused'));
      }),
  );
  expect(reply).toMatchObject({ id: 1, type: 'result', value: { profiles: expect.any(Array) } });
});

test('without the token the server refuses the page', async ({ page, app }) => {
  expect(page.context().pages()).toHaveLength(1);
  const response = await page.goto('/');
  expect(response?.url()).toBe(`${app.baseURL}/`);
  expect(response?.status()).toBe(401);
});

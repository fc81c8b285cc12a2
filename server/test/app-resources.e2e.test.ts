import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, signedInPage, startApp, type App } from './app-browser.js';

/** The variables and resources pages (/variables, /resources), in Chromium against npm run up. */
describe('the variables and resources pages', () => {
  let app: App;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  const api = async (path: string) =>
    (
      await fetch(`${app.up.url}/api/w/main/${path}`, { headers: { authorization: `Bearer ${app.token}` } })
    ).json() as Promise<Record<string, unknown>>;

  /** A field of a generated form, by its label (a required one carries a `*`). */
  const field = (page: Page, name: string) => page.getByLabel(new RegExp(`^${name}\\*?$`));

  async function open(page: Page, path: string, heading: string): Promise<void> {
    await page.goto(`${app.up.url}${path}`);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  }

  it('creates a plain variable and a secret; the secret is never shown until an admin reveals it', async () => {
    const page = await signedInPage(app);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Variables' }).click();
    await page.getByRole('heading', { name: 'Variables', exact: true }).waitFor();

    await page.getByRole('button', { name: 'New variable' }).click();
    await page.getByLabel('Path').fill('f/db/user');
    await page.getByLabel('Value').fill('postgres');
    await page.getByRole('button', { name: 'Create variable' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved f/db/user.' }).waitFor();

    await page.getByRole('button', { name: 'New variable' }).click();
    await page.getByLabel('Path').fill('f/db/token');
    await page.getByRole('checkbox', { name: /Secret/ }).check();
    await page.getByLabel('Value').fill('e2e-secret-value-9f3');
    await page.getByRole('button', { name: 'Create variable' }).click();
    const row = page.getByRole('row').filter({ hasText: 'f/db/token' });
    await row.waitFor();
    assert.match(await row.innerText(), /secret/);
    assert.ok(!(await page.content()).includes('e2e-secret-value-9f3'), 'a secret is not in the page');
    await checkPage(page, 'variables');

    // A path the server refuses: the message is at the Path field.
    await page.getByRole('button', { name: 'New variable' }).click();
    await page.getByLabel('Path').fill('nowhere');
    await page.getByLabel('Value').fill('x');
    await page.getByRole('button', { name: 'Create variable' }).click();
    await page.getByText(/invalid path "nowhere"/).waitFor();
    assert.equal(await page.getByLabel('Path').getAttribute('aria-invalid'), 'true');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await row.getByRole('button', { name: 'Reveal f/db/token' }).click();
    await row.getByText('e2e-secret-value-9f3').waitFor();

    // Edited with its value left empty, a secret keeps its value.
    await row.getByRole('button', { name: 'Edit f/db/token' }).click();
    await page.getByText('Leave empty to keep the stored secret.').waitFor();
    await page.getByLabel('Description').fill('an API token');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved f/db/token.' }).waitFor();
    const revealed = await fetch(`${app.up.url}/api/w/main/variables/reveal/f/db/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}` },
    });
    assert.equal(await revealed.json(), 'e2e-secret-value-9f3');

    // Deleted after a confirmation.
    await page.getByRole('button', { name: 'New variable' }).click();
    await page.getByLabel('Path').fill('f/db/temp');
    await page.getByLabel('Value').fill('gone soon');
    await page.getByRole('button', { name: 'Create variable' }).click();
    const temp = page.getByRole('row').filter({ hasText: 'f/db/temp' });
    await temp.getByRole('button', { name: 'Delete variable f/db/temp' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await temp.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('creates a postgresql resource from the form generated from its type, with a field from a variable', async () => {
    const page = await signedInPage(app);
    await open(page, '/resources', 'Resources');
    await page.getByRole('button', { name: 'New resource', exact: true }).click();
    await page.getByLabel('Path').fill('f/db/main');
    await page.getByLabel('Resource type', { exact: true }).selectOption('postgresql');
    await field(page, 'host').fill('127.0.0.1');
    await field(page, 'dbname').fill('postgres');
    const password = field(page, 'password');
    assert.equal(await password.getAttribute('type'), 'password');
    await password.fill('pg-e2e-password');
    // `user` comes from the variable, picked by keyboard.
    await page.getByLabel('Field', { exact: true }).selectOption('user');
    await page.getByLabel('Variable', { exact: true }).fill('f/db/user');
    await page.getByLabel('Variable', { exact: true }).press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('$var:f/db/user').waitFor();
    assert.equal(await field(page, 'user').count(), 0, 'a referenced field leaves the form');
    await checkPage(page, 'resource-form');
    await page.getByRole('button', { name: 'Create resource' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved f/db/main.' }).waitFor();

    const row = page.getByRole('row').filter({ hasText: 'f/db/main' });
    assert.match(await row.innerText(), /postgresql/);
    const stored = await api('resources/get/f/db/main');
    assert.deepEqual(stored.value, {
      host: '127.0.0.1',
      port: 5432,
      user: '$var:f/db/user',
      dbname: 'postgres',
      sslmode: 'prefer',
      password: null,
    });
    assert.deepEqual(stored.secret_fields, ['password']);
    assert.ok(!(await page.content()).includes('pg-e2e-password'));
    await checkPage(page, 'resources');

    // Filtered by type.
    await page.getByLabel('Type', { exact: true }).selectOption('slack');
    await page.getByText('No slack resources yet.').waitFor();
    await page.getByLabel('Type', { exact: true }).selectOption('');
    await row.waitFor();

    // Edited: the stored password is kept when left empty.
    await row.getByRole('button', { name: 'Edit f/db/main' }).click();
    await page.getByText('Stored encrypted: leave empty to keep it.').waitFor();
    await page.getByLabel('Description').fill('the main database');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved f/db/main.' }).waitFor();
    const edited = await api('resources/get/f/db/main');
    assert.equal(edited.description, 'the main database');
    assert.deepEqual(edited.secret_fields, ['password']);
    await page.context().close();
  });

  it("shows the server's refusals next to the field they are about", async () => {
    const page = await signedInPage(app);
    await open(page, '/resources', 'Resources');
    await page.getByRole('button', { name: 'New resource', exact: true }).click();
    await page.getByLabel('Path').fill('f/db/main');
    await page.getByLabel('Resource type', { exact: true }).selectOption('github');
    await field(page, 'token').fill('ghp-x');
    await page.getByRole('button', { name: 'Create resource' }).click();
    await page.getByText('a resource already exists at path "f/db/main"').waitFor();
    assert.equal(await page.getByLabel('Path').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Path').fill('f/db/other');
    await page.getByLabel('Field', { exact: true }).selectOption('token');
    await page.getByLabel('Variable', { exact: true }).fill('f/db/missing');
    await page.getByRole('button', { name: 'Use variable' }).click();
    await page.getByRole('button', { name: 'Create resource' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'references variable "f/db/missing", which does not exist' })
      .waitFor();
    await page.context().close();
  });

  it('creates a custom resource type with its JSON Schema and a preview of its form', async () => {
    const page = await signedInPage(app);
    await open(page, '/resources', 'Resources');
    await page.getByRole('button', { name: 'New resource type' }).click();
    await page.getByLabel('Name').fill('weather_api');
    await page.getByRole('heading', { name: 'Preview of the form' }).waitFor();
    await page.getByLabel('JSON Schema').fill('{"type": "object", "properties": {"a": {"type": "strng"}}}');
    await page.getByRole('button', { name: 'Create type' }).click();
    await page.getByText(/schema\.properties\.a\.type must be/).waitFor();
    await page.getByLabel('JSON Schema').fill('{"type": "object", "properties": {"url": {"type": "string"}}}');
    await page.getByRole('button', { name: 'Create type' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved resource type weather_api.' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'weather_api' }).waitFor();
    assert.equal((await api('resources/type/get/weather_api')).builtin, false);
    await page.context().close();
  });

  it("offers a script's resource-typed argument a picker of that type's resources", async () => {
    const deployed = await fetch(`${app.up.url}/api/w/main/scripts/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        path: 'f/db/check',
        language: 'bun',
        content: 'export async function main(db: Postgresql) {\n  return db;\n}\n',
      }),
    });
    assert.equal(deployed.status, 201, await deployed.text());
    const page = await signedInPage(app);
    await open(page, '/forms/script/f/db/check', 'f/db/check');
    const picker = page.getByRole('combobox', { name: 'db: a postgresql resource' });
    await picker.waitFor();
    assert.deepEqual(await picker.locator('option').allInnerTexts(), ['A value typed as JSON', 'f/db/main']);
    await picker.selectOption('f/db/main');
    assert.equal(await field(page, 'db').count(), 0, 'a chosen resource needs no JSON');
    await picker.selectOption('');
    await field(page, 'db').waitFor();
    await page.context().close();
  });
});

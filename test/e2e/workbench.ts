// Helpers over the real VS Code workbench DOM (code-server in Chromium), used by the real-editor
// tests and `npm run demo -- --headless-check`. They drive the editor as a person does (command
// palette, quick open, keyboard) and read what is on screen; selectors are VS Code 1.139's.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { SCREENSHOTS_DIR } from './tools.js';

export interface TreeRow {
  label: string;
  description: string;
  ariaLabel: string;
  /** hover text set as the row's title, when the view gives one */
  tooltip: string;
  level: number;
  expanded: boolean | undefined;
  /** codicon-* / theme-icon classes and icon image URLs found in the row */
  icons: string[];
  /** CSS-generated text in the row (a file decoration's badge letter is a ::after rule) */
  badges: string[];
}

export interface EditorLine {
  text: string;
  /** class names of decorations on this line: inline spans, the line overlay and the gutter */
  inline: string[];
  overlay: string[];
  gutter: string[];
  /** text drawn after the line by decorations (CSS ::after / ::before content rules) */
  after: string[];
  /** background images in the gutter (decoration gutter icons) */
  gutterImages: string[];
}

/** Polls `probe` until it returns something truthy, or fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const cssString = (s: string) => JSON.stringify(s);
/** Monaco draws spaces as no-break spaces; tests compare plain text. */
const nbsp = (s: string) => s.replace(/\u00a0/g, ' ');

export class Workbench {
  constructor(readonly page: Page, readonly screenshotsDir: string = SCREENSHOTS_DIR) {}

  /** The workbench is drawn and the folder's files are listed in the Explorer. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: timeoutMs });
    await this.page.waitForSelector('#workbench\\.parts\\.statusbar', { timeout: timeoutMs });
  }

  /** Closes whatever quick input or hover is open. */
  async escape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /**
   * Runs a command by its palette title ("Plumb: Show Output") through F1, as a person would.
   * Retries until `timeoutMs`: an extension's commands join the palette only once the extension
   * host has scanned it, a few seconds after the workbench is drawn.
   */
  async runCommand(title: string, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    // A row's aria-label is the title, then ", keybinding" or ", similar commands" when it has one.
    const rowSel = `.quick-input-list .monaco-list-row[aria-label=${cssString(title)}], .quick-input-list .monaco-list-row[aria-label^=${cssString(`${title}, `)}]`;
    for (;;) {
      await this.escape();
      await this.page.keyboard.press('F1');
      const input = this.page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: timeoutMs });
      await input.fill(`>${title}`);
      const row = this.page.locator(rowSel).first();
      try {
        await row.waitFor({ state: 'visible', timeout: Math.min(5000, Math.max(500, end - Date.now())) });
        await row.click();
        await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
        return;
      } catch {
        if (Date.now() < end) continue;
        const offered = await this.page.$$eval('.quick-input-list .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label')));
        await this.escape();
        throw new Error(`command "${title}" is not in the palette after ${timeoutMs} ms; it offers: ${JSON.stringify(offered)}`);
      }
    }
  }

  /**
   * Opens a file of the workspace by its relative path through quick open (Ctrl+P). The first
   * search of a session starts ripgrep on the server and can take a few seconds.
   */
  async openFile(relPath: string, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    const base = relPath.split('/').pop()!;
    const dir = relPath.includes('/') ? relPath.slice(0, relPath.lastIndexOf('/')) : '';
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    // Rows read "deployment-patch.yaml apps/storefront/overlays/prod, file results" (1.139).
    const findRow = async () => {
      const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      const i = labels.findIndex((l) => {
        const name = l.split(',')[0]!.trim();
        return dir ? name === `${base} ${dir}` : name === base;
      });
      return i >= 0 ? i + 1 : undefined;
    };
    // Each quick open session caches the file list: a file created since needs a new session.
    // The list re-sorts while results (files, recently opened) arrive: a row that will not hold
    // still for a click means a new look, not a failure.
    for (let opened = false; !opened;) {
      await this.escape();
      await this.page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: timeoutMs });
      await input.fill(relPath);
      try {
        const index = await waitFor(findRow, `"${relPath}" in quick open`, Math.min(8000, Math.max(500, end - Date.now())));
        await rows.nth(index - 1).click({ timeout: 3000 });
        opened = true;
      } catch (e) {
        if (Date.now() > end) throw new Error(`${(e as Error).message.split('\n')[0]} (after ${timeoutMs} ms)`);
      }
    }
    await this.page.locator(`.tabs-container .tab.active[data-resource-name=${cssString(base)}]`).waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** Moves the cursor in the active editor (Ctrl+G "line:column"). */
  async gotoLine(line: number, column = 1): Promise<void> {
    await this.escape();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
  }

  /** Shows the editor hover at line:column (keyboard "Show Hover", Ctrl+K Ctrl+I) and returns its text. */
  async hoverText(line: number, column: number, timeoutMs = 15_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    await this.gotoLine(line, column);
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
    // Right after a file opens its language providers may not answer yet: ask again until a hover shows.
    for (;;) {
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      try {
        await hover.waitFor({ state: 'visible', timeout: Math.min(3000, Math.max(500, end - Date.now())) });
        break;
      } catch (e) {
        if (Date.now() > end) throw new Error(`no hover at ${line}:${column} after ${timeoutMs} ms (${(e as Error).message.split('\n')[0]})`);
      }
    }
    // Providers answer one by one: wait until no part says "Loading..." and the text stops changing.
    let last = '';
    return waitFor(async () => {
      const text = nbsp(await hover.innerText()).trim();
      // VS Code's own placeholder is a part reading just "Loading..." (content may say "loading" itself).
      const settled = text && text === last && !/^Loading\.\.\.$/m.test(text);
      last = text;
      return settled ? text : undefined;
    }, 'hover text', timeoutMs, 300);
  }

  /** What the active editor shows on `line` (it must be scrolled into view), with its decorations. */
  async editorLine(n: number): Promise<EditorLine> {
    const line = await this.page.evaluate((n) => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      if (!editor) throw new Error('no active editor');
      const num = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).find((e) => e.textContent?.trim() === String(n));
      const top = (num?.parentElement as HTMLElement | null)?.style.top;
      if (top === undefined) throw new Error(`line ${n} is not on screen`);
      const at = (sel: string) => Array.from(editor.querySelectorAll<HTMLElement>(sel)).filter((e) => e.style.top === top);
      const classes = (els: Element[]) => [...new Set(els.flatMap((e) => Array.from(e.querySelectorAll('*')).flatMap((c) => Array.from(c.classList))))];
      const viewLine = at('.view-lines > .view-line')[0];
      // Decoration text is not in the DOM: it is a content rule of a generated class.
      const generated = (e: Element) => (['::before', '::after'] as const)
        .map((p) => getComputedStyle(e, p).content)
        .filter((c) => c && c !== 'none' && c !== 'normal')
        .map((c) => (c.startsWith('"') ? (JSON.parse(c) as string) : c));
      // Gutter icons are glyph-margin widgets of their own (1.139), placed at the line's top.
      const gutterEls = [...at('.margin-view-overlays > div').flatMap((e) => Array.from(e.querySelectorAll<HTMLElement>('*'))), ...at('.glyph-margin-widgets > div')];
      return {
        text: viewLine?.textContent ?? '',
        inline: viewLine ? [...new Set(Array.from(viewLine.querySelectorAll('span')).flatMap((s) => Array.from(s.classList)))] : [],
        overlay: classes(at('.view-overlays > div')),
        gutter: [...classes(at('.margin-view-overlays > div')), ...at('.glyph-margin-widgets > div').flatMap((e) => Array.from(e.classList))],
        after: viewLine ? Array.from(viewLine.querySelectorAll('span')).flatMap(generated) : [],
        gutterImages: [...new Set(gutterEls.map((e) => getComputedStyle(e).backgroundImage).filter((b) => b && b !== 'none'))],
      };
    }, n);
    return { ...line, text: nbsp(line.text) };
  }

  /** The rows of a tree or list view, found by the title in its section header. */
  async treeRows(viewTitle: string): Promise<TreeRow[]> {
    return this.page.evaluate((title) => {
      const panes = Array.from(document.querySelectorAll('.pane'));
      const pane = panes.find((p) => p.querySelector('.pane-header .title')?.textContent?.trim().toLowerCase() === title.toLowerCase());
      if (!pane) throw new Error(`no view titled "${title}"; views: ${JSON.stringify(panes.map((p) => p.querySelector('.pane-header .title')?.textContent))}`);
      return Array.from(pane.querySelectorAll('.pane-body .monaco-list-row')).map((r) => {
        const text = (sel: string) => r.querySelector(sel)?.textContent?.trim() ?? '';
        const icons = Array.from(r.querySelectorAll('*')).flatMap((e) => [
          ...Array.from(e.classList).filter((c) => c.startsWith('codicon-') || c.includes('theme-icon')),
          ...(e instanceof HTMLElement && e.style.backgroundImage ? [e.style.backgroundImage] : []),
        ]);
        // Codicons are font glyphs drawn by ::before rules too: not text.
        const badges = Array.from(r.querySelectorAll('*')).filter((e) => !Array.from(e.classList).some((c) => c.includes('codicon'))).flatMap((e) => (['::before', '::after'] as const)
          .map((p) => getComputedStyle(e, p).content)
          .filter((c) => c.startsWith('"') && c !== '""')
          .map((c) => JSON.parse(c) as string));
        const expanded = r.getAttribute('aria-expanded');
        return {
          label: text('.label-name'),
          description: text('.label-description'),
          ariaLabel: r.getAttribute('aria-label') ?? '',
          tooltip: r.querySelector('[title]')?.getAttribute('title') ?? '',
          level: Number(r.getAttribute('aria-level') ?? 1),
          expanded: expanded === null ? undefined : expanded === 'true',
          icons: [...new Set(icons)],
          badges,
        };
      });
    }, viewTitle);
  }

  /** Opens a view container of the activity bar by its title ("Plumb", "Explorer"). */
  async showViewContainer(title: string): Promise<void> {
    // The label is the title, then " (keybinding)" or " - 8 OutOfSync" when the container has a badge.
    const item = this.page.locator(`.activitybar .action-item .action-label[aria-label=${cssString(title)}], .activitybar .action-item .action-label[aria-label^=${cssString(`${title} (`)}], .activitybar .action-item .action-label[aria-label^=${cssString(`${title} - `)}]`).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    // A click on the active container's icon would close the side bar.
    const checked = await item.evaluate((e) => e.closest('.action-item')?.classList.contains('checked') ?? false);
    // The badge sits over the icon and takes the click; it is inside the same item.
    if (!checked) await item.click({ force: true });
    await this.page.locator(`.sidebar .composite.title h2[title], .sidebar .title-label h2`).first().waitFor({ state: 'visible' });
  }

  /** Drags the side bar's edge so it is `width` pixels wide (for legible screenshots). */
  async resizeSideBar(width: number): Promise<void> {
    const box = await this.page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    if (!box) return;
    const right = box.x + box.width;
    const sashes = await this.page.locator('.monaco-sash.vertical').evaluateAll((els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, h: r.height };
    }));
    const sash = sashes.filter((s) => s.h > 200).sort((a, b) => Math.abs(a.x - right) - Math.abs(b.x - right))[0];
    if (!sash || Math.abs(sash.x - right) > 10) return;
    await this.page.mouse.move(sash.x, sash.y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, sash.y, { steps: 5 });
    await this.page.mouse.up();
    // A pointer left on the sash keeps it highlighted.
    await this.page.mouse.move(box.x + width + 300, box.y + box.height / 2);
  }

  /** Collapses the side bar view titled `title` (a click on its header) when it is expanded. */
  async collapseView(title: string): Promise<void> {
    const header = this.page.locator('.pane .pane-header').filter({ has: this.page.locator(`.title:text-is(${cssString(title)})`) }).first();
    if (!(await header.count())) return;
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }

  /** Picks the row whose label starts with `label` in the open quick pick (typing `filter` first, default `label`). */
  async quickPick(label: string, o: { filter?: string; placeholder?: RegExp; timeoutMs?: number } = {}): Promise<string> {
    const timeoutMs = o.timeoutMs ?? 30_000;
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: timeoutMs });
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    if (o.placeholder) {
      const re = o.placeholder;
      await waitFor(async () => re.test(`${await input.getAttribute('placeholder') ?? ''} ${await input.getAttribute('aria-label') ?? ''}`), `a quick pick asking ${re}`, timeoutMs);
    }
    await input.fill(o.filter ?? label);
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    const i = await waitFor(async () => {
      const labels = await rows.evaluateAll((els) => els.map((e) => e.querySelector('.label-name, .monaco-highlighted-label')?.textContent?.trim() ?? ''));
      const n = labels.findIndex((l) => l.startsWith(label));
      return n >= 0 ? n + 1 : undefined;
    }, `"${label}" in the quick pick`, timeoutMs);
    const text = (await rows.nth(i - 1).getAttribute('aria-label')) ?? label;
    await rows.nth(i - 1).click();
    await widget.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    return text;
  }

  /** The text of the open modal dialog, or undefined when none is open. */
  async dialogText(): Promise<string | undefined> {
    const box = this.page.locator('.monaco-dialog-box').filter({ visible: true }).first();
    if (!(await box.count())) return undefined;
    return nbsp(await box.innerText());
  }

  /** Waits for a modal dialog and presses its button `label`; returns the dialog's text. */
  async answerDialog(label: string, timeoutMs = 60_000): Promise<string> {
    const text = await waitFor(() => this.dialogText(), 'a dialog', timeoutMs);
    await this.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button').filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().click();
    await this.page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 10_000 });
    return text;
  }

  /** The quick fixes offered at the cursor (Ctrl+.), as shown in the action widget; the widget stays open. */
  async codeActions(timeoutMs = 20_000): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row');
    return waitFor(async () => {
      await this.escape();
      await this.page.keyboard.press('Control+.');
      await rows.first().waitFor({ state: 'visible', timeout: 3000 });
      const texts = (await rows.allInnerTexts()).map((t) => nbsp(t).trim()).filter(Boolean);
      return texts.length ? texts : undefined;
    }, 'the quick fix menu', timeoutMs, 500);
  }

  /** Applies the quick fix at the cursor whose title starts with `title`. */
  async applyCodeAction(title: string): Promise<string> {
    const offered = await this.codeActions();
    const rows = this.page.locator('.action-widget .monaco-list-row');
    const i = offered.findIndex((t) => t.startsWith(title));
    if (i < 0) throw new Error(`no quick fix "${title}"; offered: ${JSON.stringify(offered)}`);
    const row = rows.filter({ hasText: offered[i]! }).first();
    await row.click();
    await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    return offered[i]!;
  }

  /** The frame of a webview (an iframe inside an iframe in code-server) holding `selector`. */
  async webviewFrame(selector: string, timeoutMs = 60_000): Promise<Frame> {
    return waitFor(async () => {
      for (const f of this.page.frames()) {
        try { if (await f.locator(selector).count()) return f; } catch { /* detached while looking */ }
      }
      return undefined;
    }, `a webview showing ${selector}`, timeoutMs);
  }

  /** The output channel shown in the Output panel ("Plumb"), or undefined when the panel is closed. */
  async selectedOutputChannel(): Promise<string | undefined> {
    // The panel keeps a second, hidden copy of its toolbar for overflow: take the visible one.
    const sel = this.page.locator('#workbench\\.parts\\.panel select[aria-label="Switch Output"]').filter({ visible: true }).first();
    if (!(await sel.isVisible())) return undefined;
    return sel.inputValue();
  }

  /**
   * The visible text of the Output panel. With `filter`, typed into the panel's filter box first,
   * so only matching lines are shown (a long log scrolls its first lines out of the DOM).
   */
  async outputText(filter?: string): Promise<string> {
    const panel = '#workbench\\.parts\\.panel';
    if (filter !== undefined) {
      const box = this.page.locator(`${panel} .viewpane-filter input`).filter({ visible: true }).first();
      await box.fill(filter);
      // The filter applies after a short debounce.
      await this.page.waitForTimeout(500);
    }
    return nbsp(await this.page.locator(`${panel} .monaco-editor .view-lines`).filter({ visible: true }).first().innerText());
  }

  /** The texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.$$eval('.notifications-toasts .notification-toast', (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
  }

  /** Saves a PNG of the whole window as `<name>.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(this.screenshotsDir, { recursive: true });
    const path = join(this.screenshotsDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

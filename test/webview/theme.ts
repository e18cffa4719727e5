// What VS Code injects into every webview: its theme as --vscode-* CSS variables (a Dark Modern
// subset here), so the panel can be rendered outside the editor for tests and screenshots.
export const DARK_THEME_VARS: Record<string, string> = {
  'font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
  'font-size': '13px',
  'editor-font-family': '"DejaVu Sans Mono", monospace',
  'editor-font-size': '12px',
  foreground: '#cccccc',
  'editor-background': '#1f1f1f',
  descriptionForeground: '#9d9d9d',
  errorForeground: '#f85149',
  focusBorder: '#0078d4',
  'panel-border': '#2b2b2b',
  'badge-background': '#616161',
  'badge-foreground': '#f8f8f8',
  'button-background': '#0078d4',
  'button-foreground': '#ffffff',
  'button-secondaryBackground': '#313131',
  'button-secondaryForeground': '#cccccc',
  'checkbox-background': '#313131',
  'checkbox-border': '#3c3c3c',
  'textLink-foreground': '#4daafc',
  'editorLineNumber-foreground': '#6e7681',
  'editorCodeLens-foreground': '#999999',
  'editorGroupHeader-tabsBackground': '#181818',
  'editorWarning-foreground': '#cca700',
  'diffEditor-insertedLineBackground': 'rgba(155, 185, 85, 0.15)',
  'diffEditor-removedLineBackground': 'rgba(255, 0, 0, 0.15)',
  'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.3)',
  'diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.35)',
  'gitDecoration-modifiedResourceForeground': '#e2c08d',
  'gitDecoration-deletedResourceForeground': '#c74e39',
  'gitDecoration-untrackedResourceForeground': '#73c991',
  'testing-iconPassed': '#73c991',
  'disabledForeground': '#6e6e6e',
  'list-hoverBackground': '#2a2d2e',
  'list-activeSelectionBackground': '#04395e',
  'list-activeSelectionForeground': '#ffffff',
  'list-inactiveSelectionBackground': '#37373d',
};

export function themeCss(): string {
  return `html { ${Object.entries(DARK_THEME_VARS).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ')} }`;
}

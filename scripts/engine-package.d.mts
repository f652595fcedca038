export const engineDir: string;
export const engineName: string;
export const engineEntries: Record<string, string>;
export const engineAliases: { find: RegExp; replacement: string }[];

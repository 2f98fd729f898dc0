import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/** Colour only on a terminal, and never with NO_COLOR (styleText checks the stream and env). */
export const paint = (style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string => styleText(style, text, { stream });

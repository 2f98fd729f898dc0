import { create } from 'xmlbuilder2';
import { mergeToString } from 'junit-report-merger';

/** The part of an XML element this file touches (the project compiles without the DOM types). */
interface XmlElement {
  readonly nodeName: string;
  getAttribute?(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

/**
 * One JUnit report from vitest's own, one per module run, merged by a library made for it and
 * made to pass the schema CI systems validate against (the Jenkins xunit plugin's junit-10.xsd):
 * vitest writes times with up to ten decimals where the schema allows three, and the merger
 * counts `skipped` on the root, which the schema allows on suites only.
 */
export async function mergeJunitReports(reports: readonly string[]): Promise<string> {
  // `reports` are the reports' XML texts, not their paths.
  const merged = create(await mergeToString([...reports], { sumTime: true }));
  merged.each(
    (builder) => {
      const element = builder.node as unknown as XmlElement;
      if (typeof element.getAttribute !== 'function') return;
      const time = element.getAttribute('time');
      if (time && Number.isFinite(Number(time))) element.setAttribute('time', Number(time).toFixed(3));
      if (element.nodeName === 'testsuites') element.removeAttribute('skipped');
    },
    true,
    true,
  );
  return merged.end({ prettyPrint: true });
}

// The user's third-party dependencies, read from their pom.xml so the job jar carries them.
// A small tolerant reader: top-level <dependencies> only, ${properties} from <properties>.

export interface PomDependency {
  groupId: string;
  artifactId: string;
  version: string | null;
  scope: string | null;
  type: string | null;
  classifier: string | null;
  /** `groupId:artifactId` pairs, as written. */
  exclusions: { groupId: string; artifactId: string }[];
}

function strip(xml: string, tag: string): string {
  return xml.replace(new RegExp(`<${tag}\\b[\\s\\S]*?</${tag}>`, 'g'), '');
}

function child(xml: string, tag: string): string | null {
  const m = new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(xml);
  return m ? m[1]! : null;
}

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

// The compat runtime brings storm-client (2.x) and the pom adds flux-core; storm-core (0.x/1.x) must not come back.
const BROUGHT_BY_COMPAT = new Set(['storm-core', 'storm-client', 'flux-core', 'storm-kafka']);

/** Storm's own core and test-only artifacts are not carried; other Storm modules (storm-server, flux-wrappers) are. */
function carried(d: PomDependency): boolean {
  if (d.groupId === 'org.apache.storm' && BROUGHT_BY_COMPAT.has(d.artifactId)) return false;
  if (d.groupId === 'org.apache.flink') return false;
  if (d.scope === 'test' || d.scope === 'system' || d.scope === 'import') return false;
  return true;
}

export function pomDependencies(pom: string): PomDependency[] {
  const noComments = pom.replace(/<!--[\s\S]*?-->/g, '');
  const props: Record<string, string> = {};
  const propsBlock = /<properties>([\s\S]*?)<\/properties>/.exec(noComments)?.[1] ?? '';
  for (const m of propsBlock.matchAll(/<([A-Za-z0-9_.-]+)>\s*([^<]*?)\s*<\/\1>/g)) props[m[1]!] = unescape(m[2]!);
  const projectVersion = child(strip(strip(strip(noComments, 'parent'), 'dependencies'), 'dependencyManagement'), 'version');
  if (projectVersion) props['project.version'] = projectVersion;
  const subst = (s: string | null) => (s === null ? null : unescape(s).replace(/\$\{([^}]+)\}/g, (all, k: string) => props[k] ?? all));
  const body = strip(strip(strip(strip(noComments, 'dependencyManagement'), 'profiles'), 'build'), 'reporting');
  const deps = /<dependencies>([\s\S]*?)<\/dependencies>/.exec(body)?.[1] ?? '';
  const out: PomDependency[] = [];
  for (const m of deps.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const exclusions = [...(/<exclusions>([\s\S]*?)<\/exclusions>/.exec(m[1]!)?.[1] ?? '').matchAll(/<exclusion>([\s\S]*?)<\/exclusion>/g)]
      .map((x) => ({ groupId: subst(child(x[1]!, 'groupId')) ?? '*', artifactId: subst(child(x[1]!, 'artifactId')) ?? '*' }));
    const d = strip(m[1]!, 'exclusions');
    const groupId = subst(child(d, 'groupId'));
    const artifactId = subst(child(d, 'artifactId'));
    if (!groupId || !artifactId) continue;
    const dep: PomDependency = {
      groupId,
      artifactId,
      version: subst(child(d, 'version')),
      scope: subst(child(d, 'scope')),
      type: subst(child(d, 'type')),
      classifier: subst(child(d, 'classifier')),
      exclusions,
    };
    // Storm's cluster provided its modules; Flink's does not, so they go into the job jar
    // (storm-server stays provided: only LocalCluster code paths use it).
    if (dep.groupId === 'org.apache.storm' && dep.scope === 'provided' && dep.artifactId !== 'storm-server') dep.scope = null;
    if (carried(dep)) out.push(dep);
  }
  return out.sort((a, b) => `${a.groupId}:${a.artifactId}`.localeCompare(`${b.groupId}:${b.artifactId}`, 'en'));
}

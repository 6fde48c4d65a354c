import { domainOf } from '@fedlab/protocol';
import type { Topology } from '@fedlab/topology';
import type { LoadedScenario } from './load.ts';
import { suggest, type Problem } from './yaml-document.ts';
import { STEP_BY_ACTION } from './steps/index.ts';
import { providerOfDomain } from './world.ts';

/** Problems only the topology can reveal: unknown provider ids, links, domains. Found before anything runs. */
export function checkAgainstTopology(scenario: LoadedScenario, topology: Topology): Problem[] {
  const problems: Problem[] = [];
  const ids = topology.providers.map((p) => p.id);
  const orgDomains = topology.organization.domains;
  const problem = (path: (string | number)[], message: string): Problem => {
    const step = path[0] === 'steps' && typeof path[1] === 'number' ? path[1] + 1 : undefined;
    const line = scenario.lineOf(path);
    return { file: scenario.displayPath, ...(line ? { line } : {}), ...(step ? { step } : {}), message };
  };
  const knownProvider = (id: string, path: (string | number)[]) => {
    if (ids.includes(id)) return;
    const hint = suggest(id, ids) ?? topology.providers.find((p) => p.domains.some((d) => d.split('.')[0] === id))?.id;
    problems.push(problem(path, `no provider '${id}' in the topology${hint ? ` (did you mean '${hint}'?)` : ''}; it has ${ids.join(', ')}`));
  };
  for (const [alias, user] of Object.entries(scenario.users)) {
    const path = ['topology', 'users', alias];
    if ('address' in user) {
      const domain = domainOf(user.address);
      if (!orgDomains.includes(domain) && !providerOfDomain(topology, domain)) problems.push(problem([...path, 'address'], `nobody in the topology serves ${domain}`));
      continue;
    }
    if (user.at !== 'home') knownProvider(user.at, [...path, 'at']);
    const domains = user.at === 'home' ? orgDomains : topology.providers.find((p) => p.id === user.at)?.domains;
    if (user.domain && domains && !domains.includes(user.domain)) problems.push(problem([...path, 'domain'], `${user.domain} is not a domain of ${user.at} (${domains.join(', ')})`));
  }
  for (const id of Object.keys(scenario.doc.topology?.providers ?? {})) knownProvider(id, ['topology', 'providers', id]);
  for (const step of scenario.steps) {
    const named = STEP_BY_ACTION.get(step.action)?.names?.(step.body);
    const path = ['steps', step.number - 1, step.action, ...(named?.field ? [named.field] : [])];
    if (named?.provider !== undefined) knownProvider(named.provider, path);
    if (named?.link !== undefined && named.link !== 'home') knownProvider(named.link, path);
  }
  return problems;
}

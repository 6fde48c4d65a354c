/** Scenario files (docs/scenarios.md): the runner, its CLI, and what a test needs to read its results. */
export { runScenarios, RunnerError, type RunOptions, type RunSummary, type RunEvent, type ScenarioResult, type ScenarioStatus } from './run.ts';
export { runCli, RUN_USAGE } from './cli.ts';
export { loadScenarios, loadScenarioFile, collectScenarioFiles, ScenarioFileError, type LoadedScenario, type LoadedStep } from './load.ts';
export { loadYaml, parseYaml, schemaProblems, formatProblem, suggest, type Problem, type ExplainOptions, type YamlDocument } from './yaml-document.ts';
export { formatFailure, formatProgress, formatSummary, formatTrace, PLAIN, COLOR, type Style } from './report.ts';
export { toJUnit } from './junit.ts';
export { scenarioJsonSchema, type ScenarioDoc } from './schema.ts';
export { STEPS, type StepDefinition } from './steps/index.ts';
export type { StepFailure, StepOutcome, Target } from './execute.ts';

// Python texts for the differential tests: configs written the ways users write them between
// ordinary code, and random edits that change the syntax around them.

export function configDict(i: number, rollback?: string): string {
  const alarms = rollback ?? `{"Alarms": [{"AlarmName": "endpoint-${i}-5xx"}, {"AlarmName": "endpoint-${i}-latency"}]}`;
  switch (i % 3) {
    case 0:
      return `{\n    "BlueGreenUpdatePolicy": {\n        "TrafficRoutingConfiguration": {\n            "Type": "CANARY",\n            "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": ${i % 5 === 0 ? 60 : 10}},\n            "WaitIntervalInSeconds": ${300 + i},\n        },\n        "TerminationWaitInSeconds": 600,\n        "MaximumExecutionTimeoutInSeconds": 3600,\n    },\n    "AutoRollbackConfiguration": ${alarms},\n}`;
    case 1:
      return `{\n    'BlueGreenUpdatePolicy': {\n        'TrafficRoutingConfiguration': {'Type': 'LINEAR', 'LinearStepSize': {'Type': 'CAPACITY_PERCENT', 'Value': 20}, 'WaitIntervalInSeconds': ${i % 4 === 1 ? `"${120 + i}"` : 120 + i}},\n        'MaximumExecutionTimeoutInSeconds': 7200,\n    },\n}`;
    default:
      return `{\n    "RollingUpdatePolicy": {\n        "MaximumBatchSize": {"Type": "${i % 4 === 2 ? 'CAPACITY_PERCENTAGE' : 'CAPACITY_PERCENT'}", "Value": 25},\n        "WaitIntervalInSeconds": ${200 + i},\n    },\n    "AutoRollbackConfiguration": ${alarms},\n}`;
  }
}

/** Configs written the ways the bench file writes them (inline, module names, nested names, changed in place), between ordinary code. */
export function deployments(configs: number): string[] {
  const parts = ['import boto3\n\nsm = boto3.client("sagemaker")\n'];
  for (let i = 0; i < configs; i++) {
    parts.push(`class Store${i}:\n    def get(self, key):\n        rows = [x * ${i} for x in range(${i + 3})]\n        self.cache[key] = rows\n        return rows\n`);
    switch (i % 5) {
      case 0:
        parts.push(`def deploy_${i}():\n    sm.update_endpoint(EndpointName="e${i}", EndpointConfigName="c${i}", DeploymentConfig=${configDict(i)})\n`);
        break;
      case 1:
        parts.push(`CONFIG_${i} = ${configDict(i)}\n\ndef deploy_${i}():\n    sm.update_endpoint(EndpointName="e${i}", DeploymentConfig=CONFIG_${i})\n`);
        break;
      case 2:
        parts.push(`def deploy_${i}():\n    rollback_${i} = {"Alarms": [{"AlarmName": "a-${i}"}]}\n    config_${i} = ${configDict(i, `rollback_${i}`)}\n    sm.update_endpoint(EndpointName="e${i}", DeploymentConfig=config_${i})\n`);
        break;
      case 3:
        parts.push(`cfg_${i} = ${configDict(i)}\ncfg_${i}["AutoRollbackConfiguration"] = {"Alarms": []}\nsm.update_endpoint(EndpointName="e${i}", DeploymentConfig=cfg_${i}, AutoRollbackConfiguration={"Alarms": []})\n`);
        break;
      default:
        parts.push(`sm.create_endpoint_config(EndpointConfigName="c${i}", ProductionVariants=[{"InitialInstanceCount": ${i % 7 + 1}}])\nsm.update_inference_component(InferenceComponentName="ic${i}", RuntimeConfig={"CopyCount": 4}, DeploymentConfig=${configDict(i)})\n`);
    }
  }
  return parts;
}

/** Pieces the random edits insert: characters that change the syntax around them, names configs use, whole configs. */
export const SNIPPETS = ['7', '', '\n', ' ', '"', "'", '"""', '{', '}', '[', ']', '(', ')', ':', '=', '==', '#', '\\', 'x = 1\n', 'rollback_2', 'config_2 = {}\n', 'rollback_7 = {"Alarms": []}\n', 'CONFIG_1["X"] = 1\n', 'del config_7[0]\n', 'CONFIG_6.update(', ' += ', 'DeploymentConfig', 'DeploymentConfig=', '"RollingUpdatePolicy": {"WaitIntervalInSeconds": 5},', 'InitialInstanceCount=3,', '"CopyCount": 2,', '# sm-guardrails: ignore\n', `NEW = ${configDict(9)}\n`];

/** One random edit: characters, a snippet, whole lines or a whole config removed. */
export function edit(text: string, next: () => number): string {
  const choice = next();
  if (choice < 0.15) {
    const lines = text.split('\n');
    lines.splice(Math.floor(next() * lines.length), 1 + Math.floor(next() * 3));
    return lines.join('\n');
  }
  if (choice < 0.2) {
    // A whole config (from a top-level statement to the next) cut out, or copied elsewhere.
    const start = text.indexOf('\n', Math.floor(next() * text.length));
    const end = start === -1 ? -1 : text.indexOf('\ndef ', start + 1);
    if (start === -1 || end === -1) return text;
    const piece = text.slice(start, end);
    const without = text.slice(0, start) + text.slice(end);
    if (next() < 0.5) return without;
    const at = without.indexOf('\n', Math.floor(next() * without.length));
    return at === -1 ? without : without.slice(0, at) + piece + without.slice(at);
  }
  const where = Math.floor(next() * text.length);
  const removed = Math.floor(next() * (next() < 0.1 ? 400 : 4));
  return text.slice(0, where) + SNIPPETS[Math.floor(next() * SNIPPETS.length)]! + text.slice(Math.min(text.length, where + removed));
}

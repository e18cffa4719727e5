// The one (virtual) node of the test cluster: pods are "scheduled" here and DaemonSets count it.

export const NODE_NAME = 'plumb-control-plane';
/** the node's address: pods' hostIP and the kubernetes Service endpoint */
export const NODE_IP = '172.18.0.2';
/** the apiserver's port behind the kubernetes Service (targetPort) */
export const APISERVER_PORT = 6443;

/**
 * The Kubernetes minor version this project targets: the vendored API schema (schemas/kubernetes/v1.34.0,
 * imports/k8s.ts from `cdk8s import k8s@1.34.0`), the guard's validation, and the Pod Security Admission
 * `*-version` labels on every namespace. Clusters of another minor version are refused by the config check.
 */
export const KUBERNETES_MINOR = '1.34';

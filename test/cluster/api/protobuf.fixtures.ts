// Request bodies captured from kubectl 1.32.4 (`kubectl create …` against a local stub) and, as the
// expected decoding, the JSON the same command prints with `--dry-run=client -o json`.
// Regenerate by re-running the commands; the TLS secret uses a throwaway self-signed EC certificate.
import type { Json } from './types.js';

export interface ProtobufFixture { command: string; body: string; json: Json }

export const PROTOBUF_FIXTURES: Record<string, ProtobufFixture> = {
  'namespace': {
    command: "kubectl create namespace x",
    body: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhkKEQoBeBIAGgAiACoAMgA4AEIAEgAaAgoAGgAiAA==',
    json: {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"x","creationTimestamp":null},"spec":{},"status":{}},
  },
  'configmap': {
    command: "kubectl create configmap cm1 --from-literal=a=1 --from-literal=b=two",
    body: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEicKEwoDY20xEgAaACIAKgAyADgAQgASBgoBYRIBMRIICgFiEgN0d28aACIA',
    json: {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm1","creationTimestamp":null},"data":{"a":"1","b":"two"}},
  },
  'configmap-binary': {
    command: "kubectl create configmap bin1 --from-file=blob=bin.dat --from-literal=t=x",
    body: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEjIKFAoEYmluMRIAGgAiACoAMgA4AEIAEgYKAXQSAXgaEgoEYmxvYhIK//4AAWJpbmFyeRoAIgA=',
    json: {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"bin1","creationTimestamp":null},"data":{"t":"x"},"binaryData":{"blob":"//4AAWJpbmFyeQ=="}},
  },
  'secret-generic': {
    command: "kubectl create secret generic s1 --from-literal=user=admin --from-literal=pw=p@ss",
    body: 'azhzAAoMCgJ2MRIGU2VjcmV0EjEKEgoCczESABoAIgAqADIAOABCABIKCgJwdxIEcEBzcxINCgR1c2VyEgVhZG1pbhoAGgAiAA==',
    json: {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s1","creationTimestamp":null},"data":{"pw":"cEBzcw==","user":"YWRtaW4="}},
  },
  'secret-tls': {
    command: "kubectl create secret tls tls1 --cert=tls.crt --key=tls.key",
    body: 'azhzAAoMCgJ2MRIGU2VjcmV0EuIGChQKBHRsczESABoAIgAqADIAOABCABK2BAoHdGxzLmNydBKqBC0tLS0tQkVHSU4gQ0VSVElGSUNBVEUtLS0tLQpNSUlCYlRDQ0FST2dBd0lCQWdJVVpnSHhaSk9MNDgwUXowYnZpclRYc00xU3FYMHdDZ1lJS29aSXpqMEVBd0l3CkRERUtNQWdHQTFVRUF3d0JkREFlRncweU5qRXhNall4TVRJeE1ERmFGdzB6TmpFeE1qTXhNVEl4TURGYU1Bd3gKQ2pBSUJnTlZCQU1NQVhRd1dUQVRCZ2NxaGtqT1BRSUJCZ2dxaGtqT1BRTUJCd05DQUFUcFZXWDUrVjk0WE5YZwpZaEFBdjdjWFRJZ1BCM3k5QWhIZFovNFFDaXYvcEUrVmxlZ2xpT3JBZGJaaldTQldzdnk4ZWtzTGdjcXRJY3RJCkJsdkg5UGkrbzFNd1VUQWRCZ05WSFE0RUZnUVVOZmZqQ05BcTR3ZUwvcjVJU3BQYTVQMW00dVF3SHdZRFZSMGoKQkJnd0ZvQVVOZmZqQ05BcTR3ZUwvcjVJU3BQYTVQMW00dVF3RHdZRFZSMFRBUUgvQkFVd0F3RUIvekFLQmdncQpoa2pPUFFRREFnTklBREJGQWlBYVdMMGpxa1laWUI0M2NwWXZOc2hleWR6SUZJTThabTJ5VzVzSExYQ2M3Z0loCkFNcVNyQ3VRV0JjYXBPTGdJOUV0STQ0K3JhM3hqY3dBa0hQS00xcUR0R1JLCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0KEv0BCgd0bHMua2V5EvEBLS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ3ZzeEJzUWdaYnd5MTZIVTAKNzNBMmx2Ym0xWHU1MlVoS2lmNUphUG91REhXaFJBTkNBQVRwVldYNStWOTRYTlhnWWhBQXY3Y1hUSWdQQjN5OQpBaEhkWi80UUNpdi9wRStWbGVnbGlPckFkYlpqV1NCV3N2eThla3NMZ2NxdEljdElCbHZIOVBpKwotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tChoRa3ViZXJuZXRlcy5pby90bHMaACIA',
    json: {"kind":"Secret","apiVersion":"v1","metadata":{"name":"tls1","creationTimestamp":null},"data":{"tls.crt":"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJiVENDQVJPZ0F3SUJBZ0lVWmdIeFpKT0w0ODBRejBidmlyVFhzTTFTcVgwd0NnWUlLb1pJemowRUF3SXcKRERFS01BZ0dBMVVFQXd3QmREQWVGdzB5TmpFeE1qWXhNVEl4TURGYUZ3MHpOakV4TWpNeE1USXhNREZhTUF3eApDakFJQmdOVkJBTU1BWFF3V1RBVEJnY3Foa2pPUFFJQkJnZ3Foa2pPUFFNQkJ3TkNBQVRwVldYNStWOTRYTlhnClloQUF2N2NYVElnUEIzeTlBaEhkWi80UUNpdi9wRStWbGVnbGlPckFkYlpqV1NCV3N2eThla3NMZ2NxdEljdEkKQmx2SDlQaStvMU13VVRBZEJnTlZIUTRFRmdRVU5mZmpDTkFxNHdlTC9yNUlTcFBhNVAxbTR1UXdId1lEVlIwagpCQmd3Rm9BVU5mZmpDTkFxNHdlTC9yNUlTcFBhNVAxbTR1UXdEd1lEVlIwVEFRSC9CQVV3QXdFQi96QUtCZ2dxCmhrak9QUVFEQWdOSUFEQkZBaUFhV0wwanFrWVpZQjQzY3BZdk5zaGV5ZHpJRklNOFptMnlXNXNITFhDYzdnSWgKQU1xU3JDdVFXQmNhcE9MZ0k5RXRJNDQrcmEzeGpjd0FrSFBLTTFxRHRHUksKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=","tls.key":"LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ3ZzeEJzUWdaYnd5MTZIVTAKNzNBMmx2Ym0xWHU1MlVoS2lmNUphUG91REhXaFJBTkNBQVRwVldYNStWOTRYTlhnWWhBQXY3Y1hUSWdQQjN5OQpBaEhkWi80UUNpdi9wRStWbGVnbGlPckFkYlpqV1NCV3N2eThla3NMZ2NxdEljdElCbHZIOVBpKwotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg=="},"type":"kubernetes.io/tls"},
  },
  'secret-docker': {
    command: "kubectl create secret docker-registry reg1 --docker-server=reg.example.com --docker-username=u --docker-password=p --docker-email=e@x.io",
    body: 'azhzAAoMCgJ2MRIGU2VjcmV0EqkBChQKBHJlZzESABoAIgAqADIAOABCABJxChEuZG9ja2VyY29uZmlnanNvbhJceyJhdXRocyI6eyJyZWcuZXhhbXBsZS5jb20iOnsidXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJwIiwiZW1haWwiOiJlQHguaW8iLCJhdXRoIjoiZFRwdyJ9fX0aHmt1YmVybmV0ZXMuaW8vZG9ja2VyY29uZmlnanNvbhoAIgA=',
    json: {"kind":"Secret","apiVersion":"v1","metadata":{"name":"reg1","creationTimestamp":null},"data":{".dockerconfigjson":"eyJhdXRocyI6eyJyZWcuZXhhbXBsZS5jb20iOnsidXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJwIiwiZW1haWwiOiJlQHguaW8iLCJhdXRoIjoiZFRwdyJ9fX0="},"type":"kubernetes.io/dockerconfigjson"},
  },
  'serviceaccount': {
    command: "kubectl create serviceaccount sa1",
    body: 'azhzAAoUCgJ2MRIOU2VydmljZUFjY291bnQSFQoTCgNzYTESABoAIgAqADIAOABCABoAIgA=',
    json: {"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"sa1","creationTimestamp":null}},
  },
  'deployment': {
    command: "kubectl create deployment web --image=nginx:1.25 --replicas=2 --port=80",
    body: 'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Er0BCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEosBCAISDAoKCgNhcHASA3dlYhpxChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViElESMwoFbmdpbngSCm5naW54OjEuMjUqADIKCgAQABhQIgAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==',
    json: {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80}],"resources":{}}]}},"strategy":{}},"status":{}},
  },
  'deployment-multi': {
    command: "kubectl create deployment multi --image=nginx --image=busybox",
    body: 'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Et0BCiMKBW11bHRpEgAaACIAKgAyADgAQgBaDAoDYXBwEgVtdWx0aRKnAQgBEg4KDAoDYXBwEgVtdWx0aRqKAQoeCgASABoAIgAqADIAOABCAFoMCgNhcHASBW11bHRpEmgSIgoFbmdpbngSBW5naW54KgBCAGoAcgCAAQCIAQCQAQCiAQASJgoHYnVzeWJveBIHYnVzeWJveCoAQgBqAHIAgAEAiAEAkAEAogEAGgAyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBACICCgAoADgAGgwIABAAGAAgACgAOAAaACIA',
    json: {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"multi","creationTimestamp":null,"labels":{"app":"multi"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"multi"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"multi"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}},{"name":"busybox","image":"busybox","resources":{}}]}},"strategy":{}},"status":{}},
  },
  'deployment-cmd': {
    command: "kubectl create deployment cmd --image=busybox -- sleep 3600",
    body: 'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Er0BCh8KA2NtZBIAGgAiACoAMgA4AEIAWgoKA2FwcBIDY21kEosBCAESDAoKCgNhcHASA2NtZBpxChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDY21kElESMwoHYnVzeWJveBIHYnVzeWJveBoFc2xlZXAaBDM2MDAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==',
    json: {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"cmd","creationTimestamp":null,"labels":{"app":"cmd"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"cmd"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"cmd"}},"spec":{"containers":[{"name":"busybox","image":"busybox","command":["sleep","3600"],"resources":{}}]}},"strategy":{}},"status":{}},
  },
  'job': {
    command: "kubectl create job j1 --image=busybox -- echo hi",
    body: 'azhzAAoPCghiYXRjaC92MRIDSm9iEoQBChIKAmoxEgAaACIAKgAyADgAQgASZDJiChAKABIAGgAiACoAMgA4AEIAEk4SKwoCajESB2J1c3lib3gaBGVjaG8aAmhpKgBCAGoAcgCAAQCIAQCQAQCiAQAaBU5ldmVyMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaCCAAKAAwADoAGgAiAA==',
    json: {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"j1","creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"j1","image":"busybox","command":["echo","hi"],"resources":{}}],"restartPolicy":"Never"}}},"status":{}},
  },
  'cronjob': {
    command: "kubectl create cronjob cj1 --image=busybox --schedule='*/5 * * * *' -- date",
    body: 'azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKnAQoTCgNjajESABoAIgAqADIAOABCABKNAQoLKi81ICogKiAqICoaACp8ChMKA2NqMRIAGgAiACoAMgA4AEIAEmUyYwoQCgASABoAIgAqADIAOABCABJPEigKA2NqMRIHYnVzeWJveBoEZGF0ZSoAQgBqAHIAgAEAiAEAkAEAogEAGglPbkZhaWx1cmUyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBABoAGgAiAA==',
    json: {"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"cj1","creationTimestamp":null},"spec":{"schedule":"*/5 * * * *","jobTemplate":{"metadata":{"name":"cj1","creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"cj1","image":"busybox","command":["date"],"resources":{}}],"restartPolicy":"OnFailure"}}}}},"status":{}},
  },
  'role': {
    command: "kubectl create role r1 --verb=get,list --resource=pods,deployments.apps --resource-name=a",
    body: 'azhzAAokChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgRSb2xlEk8KEgoCcjESABoAIgAqADIAOABCABIWCgNnZXQKBGxpc3QSABoEcG9kcyIBYRIhCgNnZXQKBGxpc3QSBGFwcHMaC2RlcGxveW1lbnRzIgFhGgAiAA==',
    json: {"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"r1","creationTimestamp":null},"rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"],"resourceNames":["a"]},{"verbs":["get","list"],"apiGroups":["apps"],"resources":["deployments"],"resourceNames":["a"]}]},
  },
  'rolebinding': {
    command: "kubectl create rolebinding rb1 --role=r1 --user=alice --serviceaccount=default:sa1 --group=devs",
    body: 'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtSb2xlQmluZGluZxK2AQoTCgNyYjESABoAIgAqADIAOABCABIqCgRVc2VyEhlyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvGgVhbGljZSIAEioKBUdyb3VwEhlyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvGgRkZXZzIgASIAoOU2VydmljZUFjY291bnQSABoDc2ExIgdkZWZhdWx0GiUKGXJiYWMuYXV0aG9yaXphdGlvbi5rOHMuaW8SBFJvbGUaAnIxGgAiAA==',
    json: {"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"rb1","creationTimestamp":null},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"},{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"devs"},{"kind":"ServiceAccount","name":"sa1","namespace":"default"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r1"}},
  },
  'clusterrole': {
    command: "kubectl create clusterrole cr1 --verb=get --non-resource-url=/healthz",
    body: 'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRImChMKA2NyMRIAGgAiACoAMgA4AEIAEg8KA2dldCoIL2hlYWx0aHoaACIA',
    json: {"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"cr1","creationTimestamp":null},"rules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]},
  },
  'clusterrole-aggregate': {
    command: "kubectl create clusterrole cr2 --aggregation-rule=rbac.example.com/aggregate=true",
    body: 'azhzAAorChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEgtDbHVzdGVyUm9sZRI9ChMKA2NyMhIAGgAiACoAMgA4AEIAGiYKJAoiChpyYmFjLmV4YW1wbGUuY29tL2FnZ3JlZ2F0ZRIEdHJ1ZRoAIgA=',
    json: {"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"cr2","creationTimestamp":null},"rules":null,"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.example.com/aggregate":"true"}}]}},
  },
  'clusterrolebinding': {
    command: "kubectl create clusterrolebinding crb1 --clusterrole=cr1 --user=bob",
    body: 'azhzAAoyChxyYmFjLmF1dGhvcml6YXRpb24uazhzLmlvL3YxEhJDbHVzdGVyUm9sZUJpbmRpbmcSbwoUCgRjcmIxEgAaACIAKgAyADgAQgASKAoEVXNlchIZcmJhYy5hdXRob3JpemF0aW9uLms4cy5pbxoDYm9iIgAaLQoZcmJhYy5hdXRob3JpemF0aW9uLms4cy5pbxILQ2x1c3RlclJvbGUaA2NyMRoAIgA=',
    json: {"kind":"ClusterRoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"crb1","creationTimestamp":null},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"bob"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cr1"}},
  },
  'service-clusterip': {
    command: "kubectl create service clusterip svc1 --tcp=80:8080 --tcp=443",
    body: 'azhzAAoNCgJ2MRIHU2VydmljZRKGAQohCgRzdmMxEgAaACIAKgAyADgAQgBaCwoDYXBwEgRzdmMxEl0KGwoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAoAAoYCgM0NDMSA1RDUBi7AyIHCAAQuwMaACgAEgsKA2FwcBIEc3ZjMRoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==',
    json: {"kind":"Service","apiVersion":"v1","metadata":{"name":"svc1","creationTimestamp":null,"labels":{"app":"svc1"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080},{"name":"443","protocol":"TCP","port":443,"targetPort":443}],"selector":{"app":"svc1"},"type":"ClusterIP"},"status":{"loadBalancer":{}}},
  },
  'service-nodeport': {
    command: "kubectl create service nodeport np1 --tcp=80:8080 --node-port=30080",
    body: 'azhzAAoNCgJ2MRIHU2VydmljZRJqCh8KA25wMRIAGgAiACoAMgA4AEIAWgoKA2FwcBIDbnAxEkMKHQoHODAtODA4MBIDVENQGFAiBwgAEJA/GgAogOsBEgoKA2FwcBIDbnAxGgAiCE5vZGVQb3J0OgBCAFIAWgBgAGgAGgIKABoAIgA=',
    json: {"kind":"Service","apiVersion":"v1","metadata":{"name":"np1","creationTimestamp":null,"labels":{"app":"np1"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080,"nodePort":30080}],"selector":{"app":"np1"},"type":"NodePort"},"status":{"loadBalancer":{}}},
  },
  'service-externalname': {
    command: "kubectl create service externalname ext1 --external-name=example.com",
    body: 'azhzAAoNCgJ2MRIHU2VydmljZRJdCiEKBGV4dDESABoAIgAqADIAOABCAFoLCgNhcHASBGV4dDESNBILCgNhcHASBGV4dDEaACIMRXh0ZXJuYWxOYW1lOgBCAFILZXhhbXBsZS5jb21aAGAAaAAaAgoAGgAiAA==',
    json: {"kind":"Service","apiVersion":"v1","metadata":{"name":"ext1","creationTimestamp":null,"labels":{"app":"ext1"}},"spec":{"selector":{"app":"ext1"},"type":"ExternalName","externalName":"example.com"},"status":{"loadBalancer":{}}},
  },
  'quota': {
    command: "kubectl create quota q1 --hard=pods=10,requests.cpu=1,limits.memory=2Gi --scopes=NotTerminating",
    body: 'azhzAAoTCgJ2MRINUmVzb3VyY2VRdW90YRJjChIKAnExEgAaACIAKgAyADgAQgASSwoWCg1saW1pdHMubWVtb3J5EgUKAzJHaQoMCgRwb2RzEgQKAjEwChMKDHJlcXVlc3RzLmNwdRIDCgExEg5Ob3RUZXJtaW5hdGluZxoAGgAiAA==',
    json: {"kind":"ResourceQuota","apiVersion":"v1","metadata":{"name":"q1","creationTimestamp":null},"spec":{"hard":{"limits.memory":"2Gi","pods":"10","requests.cpu":"1"},"scopes":["NotTerminating"]},"status":{}},
  },
  'priorityclass': {
    command: "kubectl create priorityclass pc1 --value=1000 --description=high --preemption-policy=Never",
    body: 'azhzAAolChRzY2hlZHVsaW5nLms4cy5pby92MRINUHJpb3JpdHlDbGFzcxInChMKA3BjMRIAGgAiACoAMgA4AEIAEOgHGAAiBGhpZ2gqBU5ldmVyGgAiAA==',
    json: {"kind":"PriorityClass","apiVersion":"scheduling.k8s.io/v1","metadata":{"name":"pc1","creationTimestamp":null},"value":1000,"description":"high","preemptionPolicy":"Never"},
  },
  'priorityclass-zero': {
    command: "kubectl create priorityclass pc0 --value=0",
    body: 'azhzAAolChRzY2hlZHVsaW5nLms4cy5pby92MRINUHJpb3JpdHlDbGFzcxIxChMKA3BjMBIAGgAiACoAMgA4AEIAEAAYACIAKhRQcmVlbXB0TG93ZXJQcmlvcml0eRoAIgA=',
    json: {"kind":"PriorityClass","apiVersion":"scheduling.k8s.io/v1","metadata":{"name":"pc0","creationTimestamp":null},"value":0,"preemptionPolicy":"PreemptLowerPriority"},
  },
  'ingress': {
    command: "kubectl create ingress ing1 --class=nginx --rule=foo.com/bar*=svc1:8080,tls=my-cert --default-backend=defsvc:http",
    body: 'azhzAAofChRuZXR3b3JraW5nLms4cy5pby92MRIHSW5ncmVzcxJ9ChQKBGluZzESABoAIgAqADIAOABCABJhChQiEgoGZGVmc3ZjEggKBGh0dHAQABISCgdmb28uY29tEgdteS1jZXJ0Gi4KB2Zvby5jb20SIwohCh8KBC9iYXISDyINCgRzdmMxEgUKABCQPxoGUHJlZml4IgVuZ2lueBoCCgAaACIA',
    json: {"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"name":"ing1","creationTimestamp":null},"spec":{"ingressClassName":"nginx","defaultBackend":{"service":{"name":"defsvc","port":{"name":"http"}}},"tls":[{"hosts":["foo.com"],"secretName":"my-cert"}],"rules":[{"host":"foo.com","http":{"paths":[{"path":"/bar","pathType":"Prefix","backend":{"service":{"name":"svc1","port":{"number":8080}}}}]}}]},"status":{"loadBalancer":{}}},
  },
  'pdb': {
    command: "kubectl create pdb pdb1 --selector=app=web --min-available=1",
    body: 'azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSOgoUCgRwZGIxEgAaACIAKgAyADgAQgASFgoGCAAQARoAEgwKCgoDYXBwEgN3ZWIaCggAGAAgACgAMAAaACIA',
    json: {"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"pdb1","creationTimestamp":null},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}}},"status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}},
  },
};

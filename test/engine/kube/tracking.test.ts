// Tracking metadata of Plumb, Argo CD and Flux.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PLUMB_TRACKING_ANNOTATION, parseTrackingId, trackingIdFor, trackingOf,
} from '../../../src/engine/kube/tracking.js';
import type { KubeObject } from '../../../src/engine/types.js';

const deploy = (md: Partial<NonNullable<KubeObject['metadata']>> = {}): KubeObject =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', ...md } });

describe('tracking', () => {
  it('formats and parses the tracking id like Argo CD', () => {
    assert.equal(PLUMB_TRACKING_ANNOTATION, 'plumb.dev/tracking-id');
    assert.equal(trackingIdFor('shop', deploy()), 'shop:apps/Deployment:shop/web');
    assert.equal(trackingIdFor('shop', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }), 'shop:/Namespace:/shop');
    assert.deepEqual(parseTrackingId('argocd_shop:/ConfigMap:shop/cfg'), { app: 'argocd_shop', group: '', kind: 'ConfigMap', namespace: 'shop', name: 'cfg' });
    assert.equal(parseTrackingId('nonsense'), undefined);
  });

  it('recognises Plumb and Argo CD annotations, only when they name this object', () => {
    assert.deepEqual(trackingOf(deploy({ annotations: { [PLUMB_TRACKING_ANNOTATION]: 'shop:apps/Deployment:shop/web' } })), { tool: 'plumb', app: 'shop', via: 'annotation' });
    assert.deepEqual(trackingOf(deploy({ annotations: { 'argocd.argoproj.io/tracking-id': 'guestbook:apps/Deployment:shop/web' } })), { tool: 'argocd', app: 'guestbook', via: 'annotation' });
    // Copied from another object (kubectl get -o yaml | apply): not tracked, and the label does not take over.
    assert.equal(trackingOf(deploy({ name: 'web-copy', annotations: { 'argocd.argoproj.io/tracking-id': 'guestbook:apps/Deployment:shop/web' }, labels: { 'app.kubernetes.io/instance': 'guestbook' } })), undefined);
    assert.deepEqual(trackingOf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { 'argocd.argoproj.io/tracking-id': 'apps:/Namespace:argocd/shop' } } }), { tool: 'argocd', app: 'apps', via: 'annotation' });
  });

  it('recognises Flux labels and Argo CD instance labels', () => {
    assert.deepEqual(trackingOf(deploy({ labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } })),
      { tool: 'flux', app: 'apps', namespace: 'flux-system', via: 'label', controller: 'kustomize' });
    assert.deepEqual(trackingOf(deploy({ labels: { 'helm.toolkit.fluxcd.io/name': 'podinfo', 'helm.toolkit.fluxcd.io/namespace': 'web' } })),
      { tool: 'flux', app: 'podinfo', namespace: 'web', via: 'label', controller: 'helm' });
    assert.deepEqual(trackingOf(deploy({ labels: { 'app.kubernetes.io/instance': 'guestbook' } })), { tool: 'argocd', app: 'guestbook', via: 'label' });
    assert.equal(trackingOf(deploy()), undefined);
  });
});

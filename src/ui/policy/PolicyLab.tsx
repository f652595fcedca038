/**
 * The policy lab: build a request, watch its decision get evaluated stage by stage, ask what-if,
 * and edit every policy that took part — key policies, IAM policies, boundaries, session policies,
 * SCPs, RCPs — and the key's grants.
 */
import { useLab } from '../../store';
import { DecisionView } from '../decision/DecisionView';
import { RequestBuilder } from './RequestBuilder';
import { PolicyWorkspace } from './PolicyWorkspace';
import { WhatIf } from './WhatIf';
import { GrantsPanel } from './GrantsPanel';
import { ScenarioBar } from './ScenarioBar';
import './lab.css';

export default function PolicyLab() {
  const decision = useLab((s) => s.decision);
  return (
    <div className="screen lab" id="policy">
      <div className="screen__intro lab-intro">
        <div>
          <h1 className="screen__title">Policy lab</h1>
          <p className="screen__lede">
            Ask KMS a question — who, what, which key, in what context — and watch the answer get made: explicit denies first, then the
            organization’s limits, the key policy, IAM, grants, the boundary and the session.
          </p>
        </div>
        <ScenarioBar />
      </div>
      <div className="lab-grid">
        <div className="lab-col">
          <RequestBuilder />
          <PolicyWorkspace />
          <GrantsPanel />
        </div>
        <div className="lab-col">
          {decision ? (
            <>
              <DecisionView key={decision.id} decision={decision} />
              <WhatIf key={`w${decision.id}`} decision={decision} />
            </>
          ) : (
            <section className="lab-card lab-empty" aria-labelledby="dv-empty">
              <h2 id="dv-empty" className="lab-h2">
                Decision
              </h2>
              <p>Build a request and press Simulate (or Perform) to see how AWS decides it — or follow “Why?” from any denied call.</p>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

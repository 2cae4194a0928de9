/**
 * Elastic Load Balancing v2, AWS Query protocol (Version 2015-12-01): load balancers, target
 * groups, listeners, rules, targets, attributes and tags. The listeners themselves are served by
 * src/load-balancing/ (the data plane), which follows what these handlers store.
 */
import { loadModel } from "../../protocol/model.js";
import { action, type ServiceDefinition } from "../../server/service.js";
import * as attributes from "./actions/attributes.js";
import * as listeners from "./actions/listeners.js";
import * as loadBalancers from "./actions/load-balancers.js";
import * as loadBalancerSettings from "./actions/load-balancer-settings.js";
import * as rules from "./actions/rules.js";
import * as tags from "./actions/tags.js";
import * as targetGroups from "./actions/target-groups.js";
import * as targets from "./actions/targets.js";

export const elbv2Service: ServiceDefinition = {
  id: "elbv2",
  protocol: "query",
  model: loadModel("elbv2-2015-12-01"),
  errors: { validation: "ValidationError", unsupported: "InvalidAction", server: "InternalFailure" },
  handlers: {
    CreateLoadBalancer: action(loadBalancers.createLoadBalancer),
    DescribeLoadBalancers: action(loadBalancers.describeLoadBalancers),
    DeleteLoadBalancer: action(loadBalancers.deleteLoadBalancer),
    SetSecurityGroups: action(loadBalancerSettings.setSecurityGroups),
    SetSubnets: action(loadBalancerSettings.setSubnets),
    SetIpAddressType: action(loadBalancerSettings.setIpAddressType),
    DescribeLoadBalancerAttributes: action(attributes.describeLoadBalancerAttributes),
    ModifyLoadBalancerAttributes: action(attributes.modifyLoadBalancerAttributes),
    CreateTargetGroup: action(targetGroups.createTargetGroup),
    DescribeTargetGroups: action(targetGroups.describeTargetGroups),
    ModifyTargetGroup: action(targetGroups.modifyTargetGroup),
    DeleteTargetGroup: action(targetGroups.deleteTargetGroup),
    DescribeTargetGroupAttributes: action(attributes.describeTargetGroupAttributes),
    ModifyTargetGroupAttributes: action(attributes.modifyTargetGroupAttributes),
    CreateListener: action(listeners.createListener),
    DescribeListeners: action(listeners.describeListeners),
    ModifyListener: action(listeners.modifyListener),
    DeleteListener: action(listeners.deleteListener),
    CreateRule: action(rules.createRule),
    DescribeRules: action(rules.describeRules),
    ModifyRule: action(rules.modifyRule),
    DeleteRule: action(rules.deleteRule),
    SetRulePriorities: action(rules.setRulePriorities),
    RegisterTargets: action(targets.registerTargets),
    DeregisterTargets: action(targets.deregisterTargets),
    DescribeTargetHealth: action(targets.describeTargetHealth),
    AddTags: action(tags.addTags),
    RemoveTags: action(tags.removeTags),
    DescribeTags: action(tags.describeTags),
  },
};

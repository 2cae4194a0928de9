/**
 * Amazon CloudWatch Logs (AWS JSON 1.1, `X-Amz-Target: Logs_20140328.<Action>`, signing name
 * `logs`): log groups, streams and events, kept in a log store of their own (store/), filtered
 * with CloudWatch's pattern syntax (filter-pattern/). The awslogs driver's events arrive through
 * the agent protocol and land in the same store. Operations of the model not listed here answer
 * InvalidOperationException.
 */
import { loadModel } from "../../protocol/model.js";
import { action, type ServiceDefinition } from "../../server/service.js";
import { createLogGroup } from "./actions/create-log-group.js";
import { deleteLogGroup } from "./actions/delete-log-group.js";
import { describeLogGroups } from "./actions/describe-log-groups.js";
import { createLogStream } from "./actions/create-log-stream.js";
import { deleteLogStream } from "./actions/delete-log-stream.js";
import { describeLogStreams } from "./actions/describe-log-streams.js";
import { putLogEvents } from "./actions/put-log-events.js";
import { getLogEvents } from "./actions/get-log-events.js";
import { filterLogEvents } from "./actions/filter-log-events.js";
import { startLiveTail } from "./actions/start-live-tail.js";
import { deleteRetentionPolicy, putRetentionPolicy } from "./actions/retention-policy.js";
import { listTagsForResource, listTagsLogGroup, tagLogGroup, tagResource, untagLogGroup, untagResource } from "./actions/tags.js";

export const logsService: ServiceDefinition = {
  id: "logs",
  protocol: "json",
  model: loadModel("logs-2014-03-28"),
  errors: { validation: "InvalidParameterException", unsupported: "InvalidOperationException", server: "ServiceUnavailableException" },
  handlers: {
    CreateLogGroup: action(createLogGroup),
    DeleteLogGroup: action(deleteLogGroup),
    DescribeLogGroups: action(describeLogGroups),
    CreateLogStream: action(createLogStream),
    DeleteLogStream: action(deleteLogStream),
    DescribeLogStreams: action(describeLogStreams),
    PutLogEvents: action(putLogEvents),
    GetLogEvents: action(getLogEvents),
    FilterLogEvents: action(filterLogEvents),
    StartLiveTail: action(startLiveTail),
    PutRetentionPolicy: action(putRetentionPolicy),
    DeleteRetentionPolicy: action(deleteRetentionPolicy),
    TagLogGroup: action(tagLogGroup),
    UntagLogGroup: action(untagLogGroup),
    ListTagsLogGroup: action(listTagsLogGroup),
    TagResource: action(tagResource),
    UntagResource: action(untagResource),
    ListTagsForResource: action(listTagsForResource),
  },
};

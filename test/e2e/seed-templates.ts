/**
 * The two stacks of a "microworld" in the seed's style (../shared/seeds/000_3d335805c621fa4f.txt),
 * as a user writes them for CloudFormation: a base stack with the cluster, a VPC with two subnets
 * and the task roles, exporting their names, ids and ARNs; and an application stack that imports
 * them with `Fn::ImportValue` of `!Sub` names: a Fargate task definition logging with awslogs, its
 * log group, an internal ALB with a target group of `ip` targets and a listener, and an
 * AWS::ECS::Service (FARGATE, awsvpc in the imported subnets) behind it. The image is
 * `${EcrRepositoryUri}:${CodebuildResolvedSourceVersion}`, as a pipeline would pass it; the
 * container (busybox) writes a page naming its image tag and serves it with httpd.
 * `${...}` below is CloudFormation's, not JavaScript's (the templates are plain strings).
 */

export const BASE_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: Microworld base stack - the cluster, the network and the roles its applications share
Parameters:
  MicroworldName:
    Type: String
    AllowedPattern: '[a-z][a-z0-9-]*'
  EnvironmentName:
    Type: String
    AllowedValues: [dev, test, prod]
    Default: dev
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub \${MicroworldName}-\${EnvironmentName}-cluster
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.20.0.0/16
      EnableDnsSupport: true
      EnableDnsHostnames: true
  Subnet1:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !Select [0, !GetAZs '']
  Subnet2:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !Select [1, !GetAZs '']
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub \${MicroworldName}-task-role
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
  TaskExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub \${MicroworldName}-task-execution-role
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
Outputs:
  ClusterName:
    Value: !Ref Cluster
    Export: { Name: !Sub '\${MicroworldName}-\${EnvironmentName}-cluster-name' }
  VpcId:
    Value: !Ref Vpc
    Export: { Name: !Sub '\${MicroworldName}-\${EnvironmentName}-vpc-id' }
  Subnet1Id:
    Value: !Ref Subnet1
    Export: { Name: !Sub '\${MicroworldName}-\${EnvironmentName}-subnet1-id' }
  Subnet2Id:
    Value: !Ref Subnet2
    Export: { Name: !Sub '\${MicroworldName}-\${EnvironmentName}-subnet2-id' }
  TaskRoleArn:
    Value: !GetAtt TaskRole.Arn
    Export: { Name: !Sub '\${MicroworldName}-task-role-arn' }
  TaskExecutionRoleArn:
    Value: !GetAtt TaskExecutionRole.Arn
    Export: { Name: !Sub '\${MicroworldName}-task-execution-role-arn' }
`;

export const APP_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: Microworld application stack - one service behind a load balancer
Parameters:
  MicroworldName: { Type: String }
  EnvironmentName: { Type: String, Default: dev }
  ApplicationName: { Type: String, Default: greeter }
  ApplicationPort: { Type: Number, Default: 8080 }
  ListenerPort: { Type: Number, Default: 80 }
  EcrRepositoryUri: { Type: String }
  CodebuildResolvedSourceVersion: { Type: String }
Resources:
  LogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /\${MicroworldName}/\${EnvironmentName}/\${ApplicationName}
      RetentionInDays: 7
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Ref ApplicationName
      RequiresCompatibilities: [ FARGATE ]
      TaskRoleArn:
        Fn::ImportValue: !Sub \${MicroworldName}-task-role-arn
      ExecutionRoleArn:
        Fn::ImportValue: !Sub \${MicroworldName}-task-execution-role-arn
      NetworkMode: awsvpc
      Cpu: '256'
      Memory: '512'
      ContainerDefinitions:
        - Name: !Sub \${ApplicationName}-container
          Cpu: '256'
          Memory: '512'
          Essential: 'true'
          Environment:
            - Name: SPRING_PROFILES_ACTIVE
              Value: !Sub \${MicroworldName}-\${EnvironmentName}-\${ApplicationName}
            - Name: SERVER_PORT
              Value: !Ref ApplicationPort
            - Name: IMAGE_TAG
              Value: !Ref CodebuildResolvedSourceVersion
          Image: !Sub \${EcrRepositoryUri}:\${CodebuildResolvedSourceVersion}
          EntryPoint: [sh, -c]
          Command:
            - >-
              mkdir -p /www &&
              echo "$SPRING_PROFILES_ACTIVE image $IMAGE_TAG" > /www/index.html &&
              echo "starting $SPRING_PROFILES_ACTIVE with image tag $IMAGE_TAG on port $SERVER_PORT" &&
              exec httpd -f -p "$SERVER_PORT" -h /www
          PortMappings:
            - HostPort: !Ref ApplicationPort
              ContainerPort: !Ref ApplicationPort
          StopTimeout: 2
          LogConfiguration:
            LogDriver: awslogs
            Options:
              awslogs-group: !Sub /\${MicroworldName}/\${EnvironmentName}/\${ApplicationName}
              awslogs-region: !Sub \${AWS::Region}
              awslogs-stream-prefix: task
  LoadBalancerSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub \${ApplicationName} load balancer
      VpcId:
        Fn::ImportValue: !Sub \${MicroworldName}-\${EnvironmentName}-vpc-id
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: !Ref ListenerPort, ToPort: !Ref ListenerPort, CidrIp: 0.0.0.0/0 }
  ServiceSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub \${ApplicationName} tasks
      VpcId:
        Fn::ImportValue: !Sub \${MicroworldName}-\${EnvironmentName}-vpc-id
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: !Ref ApplicationPort
          ToPort: !Ref ApplicationPort
          SourceSecurityGroupId: !GetAtt LoadBalancerSecurityGroup.GroupId
  LoadBalancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Name: !Sub \${MicroworldName}-\${ApplicationName}
      Scheme: internal
      Type: application
      SecurityGroups: [ !Ref LoadBalancerSecurityGroup ]
      Subnets:
        - Fn::ImportValue: !Sub \${MicroworldName}-\${EnvironmentName}-subnet1-id
        - Fn::ImportValue: !Sub \${MicroworldName}-\${EnvironmentName}-subnet2-id
  TargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Name: !Sub \${MicroworldName}-\${ApplicationName}
      TargetType: ip
      Protocol: HTTP
      Port: !Ref ApplicationPort
      VpcId:
        Fn::ImportValue: !Sub \${MicroworldName}-\${EnvironmentName}-vpc-id
      HealthCheckPath: /
      HealthCheckIntervalSeconds: 5
      HealthCheckTimeoutSeconds: 2
      HealthyThresholdCount: 2
      TargetGroupAttributes:
        - { Key: deregistration_delay.timeout_seconds, Value: '0' }
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancer
      Port: !Ref ListenerPort
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref TargetGroup
  ServiceDefinition:
    Type: AWS::ECS::Service
    DependsOn: Listener
    Properties:
      ServiceName: !Sub \${MicroworldName}-\${EnvironmentName}-\${ApplicationName}
      LaunchType: FARGATE
      Cluster:
        Fn::ImportValue: !Sub \${MicroworldName}-\${EnvironmentName}-cluster-name
      TaskDefinition: !Ref TaskDefinition
      DesiredCount: 1
      HealthCheckGracePeriodSeconds: 60
      DeploymentConfiguration:
        MinimumHealthyPercent: 100
        MaximumPercent: 200
      LoadBalancers:
        - ContainerName: !Sub \${ApplicationName}-container
          ContainerPort: !Ref ApplicationPort
          TargetGroupArn: !Ref TargetGroup
      NetworkConfiguration:
        AwsvpcConfiguration:
          AssignPublicIp: DISABLED
          SecurityGroups:
            - !Ref ServiceSecurityGroup
          Subnets:
            - Fn::ImportValue: !Sub \${MicroworldName}-\${EnvironmentName}-subnet1-id
            - Fn::ImportValue: !Sub \${MicroworldName}-\${EnvironmentName}-subnet2-id
Outputs:
  ServiceName:
    Value: !GetAtt ServiceDefinition.Name
  LoadBalancerDns:
    Value: !GetAtt LoadBalancer.DNSName
`;

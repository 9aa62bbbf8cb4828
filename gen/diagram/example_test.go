package diagram_test

import (
	"fmt"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/diagram"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

func Example() {
	cacheMod := tf.NewModule("modules/cache")
	cacheMod.Resource("aws_elasticache_replication_group", "this")
	appMod := tf.NewModule("modules/app")
	appMod.Resource("aws_lb", "this")
	appMod.Resource("aws_ecs_service", "this")

	root := tf.NewModule("envs/demo")
	cache := root.CallModule("cache", cacheMod)
	root.CallModule("app", appMod).Set("redis_host", cache.Output("endpoint"))

	// The model gives the clusters and the app -> cache edge; the caller
	// adds who uses it and how requests flow, naming resource nodes by
	// call/type. A label, edge label or omit that names nothing drawn is
	// an error, so annotations cannot outlive what they describe.
	resources := diagram.DefaultResources()
	for i := range resources {
		if resources[i].Type == "aws_lb" {
			resources[i].Node = "ALB\nHTTPS 443" // the note still says Load balancer
		}
	}
	g, err := diagram.FromModule(root, diagram.Options{
		Resources: resources,
		Nodes:     []diagram.Node{{ID: "user", Label: "User", Kind: diagram.Actor}},
		Edges: []diagram.Edge{
			{From: "user", To: "app/aws_lb", Label: "HTTPS", Style: diagram.Bold},
			{From: "app/aws_lb", To: "app/aws_ecs_service", Style: diagram.Bold},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(diagram.Mermaid(g)))
	// Output:
	// flowchart LR
	//   user(["User"])
	//   subgraph cache["cache: ElastiCache"]
	//     cache_elasticache_replication_group[("ElastiCache")]
	//   end
	//   subgraph app["app: Load balancer, ECS service"]
	//     app_lb["ALB<br>HTTPS 443"]
	//     app_ecs_service["ECS service"]
	//   end
	//   user ==>|"HTTPS"| app_lb
	//   app_lb ==> app_ecs_service
	//   app -.->|"endpoint"| cache
	//   classDef service fill:#ffffff,stroke:#4a5568,color:#1a202c
	//   class app_lb,app_ecs_service service
	//   classDef store fill:#ebf4ff,stroke:#2b6cb0,color:#1a202c
	//   class cache_elasticache_replication_group store
	//   classDef actor fill:#fff5d6,stroke:#b7791f,stroke-width:2px,color:#1a202c
	//   class user actor
}

# Orders model endpoint as a Terraform module: the endpoint configuration, the alarms and the
# endpoint with a rolling deployment config.

variable "model_name" {
  type = string
}

variable "bake_seconds" {
  type    = number
  default = 300
}

resource "aws_sagemaker_endpoint_configuration" "orders" {
  name_prefix = "orders-"

  production_variants {
    variant_name           = "AllTraffic"
    model_name             = var.model_name
    initial_instance_count = 6
    instance_type          = "ml.c5.2xlarge"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_metric_alarm" "orders_5xx" {
  alarm_name          = "orders-5xx"
  namespace           = "AWS/SageMaker"
  metric_name         = "Invocation5XXErrors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 2
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
  dimensions = {
    EndpointName = "orders"
    VariantName  = "AllTraffic"
  }
}

resource "aws_sagemaker_endpoint" "orders" {
  name                 = "orders"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.orders.name

  deployment_config {
    rolling_update_policy {
      maximum_batch_size {
        type  = "INSTANCE_COUNT"
        value = 2
      }
      wait_interval_in_seconds = var.bake_seconds
      # MISTAKE: 5 hours; the Terraform AWS provider rejects more than 14400 s (the API allows 28800).
      maximum_execution_timeout_in_seconds = 18000

      rollback_maximum_batch_size {
        type  = "CAPACITY_PERCENT"
        value = 100
      }
    }

    auto_rollback_configuration {
      alarms {
        alarm_name = aws_cloudwatch_metric_alarm.orders_5xx.alarm_name
      }
    }
  }
}

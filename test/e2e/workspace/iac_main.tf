resource "aws_sagemaker_endpoint_configuration" "fraud" {
  name = "fraud"
  production_variants {
    variant_name           = "AllTraffic"
    model_name             = "fraud-model"
    initial_instance_count = 4
    instance_type          = "ml.m5.xlarge"
  }
}

resource "aws_sagemaker_endpoint" "fraud" {
  name                 = "fraud"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.fraud.name

  deployment_config {
    rolling_update_policy {
      maximum_batch_size {
        type  = "CAPACITY_PERCENT"
        value = 60
      }
      wait_interval_in_seconds             = var.bake_seconds
      maximum_execution_timeout_in_seconds = 20000
    }
  }
}

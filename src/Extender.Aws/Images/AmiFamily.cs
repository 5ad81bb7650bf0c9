namespace Extender.Aws.Images;

/// <summary>
/// The image family a node boots, which decides the user data's format: nodeadm's NodeConfig in MIME for Amazon Linux
/// 2023, Bottlerocket's TOML settings, the bootstrap.sh script for Amazon Linux 2.
/// </summary>
public enum AmiFamily
{
    AL2023,
    AL2,
    Bottlerocket,
}
